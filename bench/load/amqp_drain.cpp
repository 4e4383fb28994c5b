// pg-amqp-drain: the broker's own rate on the fleet path. Consumes a queue
// exactly as pg-hub does (prefetch N, one multiple-ack per N/2 deliveries)
// but stores nothing, and counts. bench/fleet.sh runs it against the same
// stream as the hubs.
#include "amqp/amqp_connection.hpp"
#include "amqp/amqp_url.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"pg-amqp-drain: consume and acknowledge a queue without storing, and count"};
    std::string url, queue = "postureguard.batches", summary;
    int prefetch = 512;
    long long expect = 0;
    double idle_s = 20;
    app.add_option("--amqp", url, "amqp://USER:PASS@HOST:PORT/VHOST")->required();
    app.add_option("--queue", queue, "queue to drain");
    app.add_option("--prefetch", prefetch, "deliveries in flight; one ack per half")->check(CLI::Range(2, 65535));
    app.add_option("--expect", expect, "stop after this many messages");
    app.add_option("--idle", idle_s, "stop after this many seconds without a message");
    app.add_option("--summary", summary, "JSON counters here");
    CLI11_PARSE(app, argc, argv);
    using Clock = std::chrono::steady_clock;
    try {
        const auto nodes = pg::hub::parse_amqp_urls(url);
        pg::hub::AmqpConnection c(nodes.front(), std::chrono::seconds(10));
        c.set_prefetch(prefetch);
        (void)c.consume(queue);
        std::cout << "ready" << std::endl;
        long long n = 0, bytes = 0, unacked = 0;
        std::uint64_t last_tag = 0;
        Clock::time_point first{}, last = Clock::now();
        pg::hub::AmqpDelivery d;
        while (expect == 0 || n < expect) {
            const auto w = c.next(std::chrono::milliseconds(unacked ? 5 : 200), d);
            if (w == pg::hub::AmqpConnection::Wait::lost) throw std::runtime_error(c.lost_reason());
            if (w == pg::hub::AmqpConnection::Wait::timeout) {
                if (unacked && c.ack_through(last_tag)) unacked = 0;
                if (std::chrono::duration<double>(Clock::now() - last).count() > idle_s) break;
                continue;
            }
            if (n++ == 0) first = Clock::now();
            last = Clock::now();
            bytes += static_cast<long long>(d.body.size());
            last_tag = d.tag;
            if (++unacked >= prefetch / 2 && c.ack_through(last_tag)) unacked = 0;
        }
        if (unacked) (void)c.ack_through(last_tag);
        const double s = n > 1 ? std::chrono::duration<double>(last - first).count() : 0;
        nlohmann::json j{{"messages", n}, {"bytes", bytes}, {"seconds", s}, {"msgs_per_s", s > 0 ? n / s : 0}};
        if (!summary.empty()) std::ofstream(summary) << j.dump(2) << "\n";
        std::cout << j.dump() << std::endl;
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "pg-amqp-drain: " << e.what() << "\n";
        return 1;
    }
}
