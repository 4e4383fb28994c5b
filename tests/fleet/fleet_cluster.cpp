#include "fleet_cluster.hpp"

#include "broker.hpp"
#include "process.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace pg::test {
namespace {

const std::string kScript = std::string(PG_SOURCE_DIR) + "/scripts/fleet/cluster.sh";

// 41 ports from a base (cluster.sh's layout) with nothing listening on them,
// below the ephemeral range so outgoing connections never take one.
int free_port_block() {
    std::mt19937 rng{std::random_device{}()};
    std::uniform_int_distribution<int> pick(200, 320);
    for (int attempt = 0; attempt < 50; ++attempt) {
        const int base = pick(rng) * 100;
        bool free = true;
        for (int p = base; p <= base + 40 && free; ++p) free = !wait_for_port(p, std::chrono::milliseconds(0));
        if (free) return base;
    }
    throw std::runtime_error("no free block of 41 loopback ports");
}

}  // namespace

bool have_rabbitmq() { return std::filesystem::exists("/usr/lib/rabbitmq/bin/rabbitmq-server"); }

FleetCluster::FleetCluster(const std::vector<std::string>& devices) {
    const char* tmp = std::getenv("TMPDIR");
    std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/pg-fleet-XXXXXX";
    if (!::mkdtemp(templ.data())) throw std::runtime_error("cannot make a temp dir");
    dir_ = templ;
    port0_ = free_port_block();
    // The watcher: in its own session, so neither ctest's kill of this process
    // group nor our crash takes it along before it has cleaned up.
    const std::string watch = "setsid bash -c 'while kill -0 " + std::to_string(::getpid()) +
                              " 2>/dev/null; do sleep 1; done; \"" + kScript + "\" stop \"" + dir_ +
                              "\"; rm -rf \"" + dir_ + "\"' </dev/null >/dev/null 2>&1 &";
    if (std::system(watch.c_str()) != 0) throw std::runtime_error("cannot start the cluster watcher");
    script({"start", dir_, std::to_string(port0_)});
    std::vector<std::string> add{PG_SOURCE_DIR "/scripts/fleet/add-devices.sh", dir_};
    for (const auto& d : devices) add.push_back(d + ":pw-" + d);
    auto r = run_command(add, std::chrono::seconds(120));
    if (r.exit_code != 0) throw std::runtime_error("add-devices.sh failed: " + r.out + r.err);
    std::istringstream in(read_file(dir_ + "/amqp-urls"));
    for (std::string u; std::getline(in, u, ',');)
        if (!u.empty()) urls_.push_back(u.substr(0, u.find_last_not_of("\n") + 1));
    if (urls_.size() != 3) throw std::runtime_error("cluster.sh wrote no amqp-urls");
}

FleetCluster::~FleetCluster() {
    run_command({kScript, "stop", dir_}, std::chrono::seconds(60));
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

std::string FleetCluster::script(const std::vector<std::string>& args, int timeout_s) {
    std::vector<std::string> argv{kScript};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = run_command(argv, std::chrono::seconds(timeout_s));
    if (r.exit_code != 0)
        throw std::runtime_error("cluster.sh " + args.front() + " failed (" + std::to_string(r.exit_code) +
                                 "): " + r.out + r.err);
    return r.out;
}

std::string FleetCluster::amqp_urls(int first) const {
    std::string out;
    for (int i = 0; i < 3; ++i) out += (i ? "," : "") + urls_[static_cast<std::size_t>((first - 1 + i) % 3)];
    return out;
}

void FleetCluster::kill_node(int node) { script({"kill-node", dir_, std::to_string(node)}); }
void FleetCluster::start_node(int node) { script({"start-node", dir_, std::to_string(node)}); }
void FleetCluster::kill_all() {
    for (int n = 1; n <= 3; ++n) kill_node(n);
}
void FleetCluster::start_all() { script({"start-all", dir_}, 400); }

int FleetCluster::leader(const std::string& queue) {
    return std::stoi(script({"leader", dir_, queue}));
}

std::string FleetCluster::ctl(const std::vector<std::string>& args) {
    std::vector<std::string> a{"ctl", dir_, "1"};
    a.insert(a.end(), args.begin(), args.end());
    return script(a);
}

void FleetCluster::import(const std::string& json) {
    const std::string file = dir_ + "/test-definitions.json";
    std::ofstream(file) << json;
    ctl({"import_definitions", file});
}

}  // namespace pg::test
