#pragma once

#include "pg/batch_codec.hpp"
#include "pg/mqtt_client.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

namespace pg::test {

// A test-side MQTT client that records everything under one topic filter.
class Probe {
public:
    Probe(const std::string& broker, std::string filter) : filter_(std::move(filter)) {
        pg::MqttOptions o;
        o.brokers = {*pg::parse_broker(broker)};
        pg::MqttCallbacks cb;
        cb.on_connect = [this](bool ok, std::string_view) {
            if (ok) client_->subscribe(filter_, 1);
        };
        cb.on_subscribe = [this](int) { subscribed_ = true; };
        cb.on_message = [this](const pg::MqttMessage& m) {
            std::lock_guard lock(mutex_);
            messages_.push_back({std::string(m.topic), std::string(m.payload.begin(), m.payload.end())});
        };
        client_ = std::make_unique<pg::MqttClient>(o, cb);
        client_->start();
    }
    bool wait_subscribed() {
        return wait([&] { return subscribed_.load(); }, std::chrono::seconds(10));
    }
    void publish(const std::string& topic, const std::string& payload) { client_->publish(topic, payload, 1, false); }
    std::vector<std::pair<std::string, std::string>> messages() {
        std::lock_guard lock(mutex_);
        return messages_;
    }
    // The batches that decoded, in arrival order.
    std::vector<pg::Batch> batches() {
        std::vector<pg::Batch> out;
        for (const auto& [topic, payload] : messages()) {
            if (!topic.ends_with("/batch")) continue;
            auto r = pg::decode_batch(std::span(reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size()));
            if (auto* b = std::get_if<pg::Batch>(&r)) out.push_back(std::move(*b));
        }
        return out;
    }
    // Decoded batch samples, in arrival order.
    std::vector<pg::Sample> samples() {
        std::vector<pg::Sample> out;
        for (const pg::Batch& b : batches()) out.insert(out.end(), b.samples.begin(), b.samples.end());
        return out;
    }
    // The latest retained-state payload, parsed (null before one came).
    nlohmann::json last_state() {
        nlohmann::json j;
        for (const auto& [topic, payload] : messages())
            if (topic.ends_with("/state")) j = nlohmann::json::parse(payload, nullptr, false);
        return j;
    }
    // Decoded batch events, in arrival order.
    std::vector<pg::Event> events() {
        std::vector<pg::Event> out;
        for (const pg::Batch& b : batches()) out.insert(out.end(), b.events.begin(), b.events.end());
        return out;
    }
    // The command result with this id, or null.
    nlohmann::json result(const nlohmann::json& id) {
        for (const auto& [topic, payload] : messages()) {
            if (!topic.ends_with("/cmd/result")) continue;
            auto j = nlohmann::json::parse(payload, nullptr, false);
            if (j.is_object() && j.value("id", nlohmann::json()) == id) return j;
        }
        return nullptr;
    }
    template <typename F>
    static bool wait(F done, std::chrono::milliseconds limit) {
        auto end = std::chrono::steady_clock::now() + limit;
        while (!done()) {
            if (std::chrono::steady_clock::now() > end) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return true;
    }

private:
    std::string filter_;
    std::atomic<bool> subscribed_{false};
    std::mutex mutex_;
    std::vector<std::pair<std::string, std::string>> messages_;
    std::unique_ptr<pg::MqttClient> client_;
};

}  // namespace pg::test
