#pragma once

#include <string>
#include <vector>

namespace pg::test {

// A 3-node RabbitMQ cluster started with scripts/fleet/cluster.sh in a temp
// directory, for the fleet tests. A watcher outside the test's process group
// stops the nodes and their epmd and removes the directory when the test
// process ends in any way (a crash or a ctest timeout included).
class FleetCluster {
public:
    // Starts the nodes, declares the queues and adds `devices` as MQTT users
    // (password "pw-<device>"). Throws std::runtime_error with the script's output.
    explicit FleetCluster(const std::vector<std::string>& devices);
    ~FleetCluster();
    FleetCluster(const FleetCluster&) = delete;
    FleetCluster& operator=(const FleetCluster&) = delete;

    int mqtt_port(int node) const { return port0_ + 10 + node - 1; }
    int tls_port(int node) const { return port0_ + 20 + node - 1; }
    int amqp_port(int node) const { return port0_ + node - 1; }
    // Every node's URL, starting with node `first`.
    std::string amqp_urls(int first) const;
    const std::string& dir() const { return dir_; }
    std::string ca_file() const { return dir_ + "/ca.crt"; }

    void kill_node(int node);
    void start_node(int node);  // waits until it runs
    void kill_all();
    void start_all();
    int leader(const std::string& queue = "postureguard.batches");
    // Runs `cluster.sh ctl DIR 1 ARGS...`; throws on failure.
    std::string ctl(const std::vector<std::string>& args);
    // Imports a RabbitMQ definitions document (queues, bindings).
    void import(const std::string& json);

private:
    std::string script(const std::vector<std::string>& args, int timeout_s = 300);

    std::string dir_;
    int port0_ = 0;
    std::vector<std::string> urls_;
};

// Skips unless rabbitmq-server is installed.
bool have_rabbitmq();

}  // namespace pg::test
