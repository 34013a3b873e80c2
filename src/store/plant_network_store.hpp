// Factory for the SQL implementation of plant::NetworkRepository (cables, poles, drop lines). Thread-safe.
#pragma once
#include <memory>

#include "domain/plant/network_model.hpp"
#include "store/database.hpp"

namespace bc::store {
std::unique_ptr<plant::NetworkRepository> make_network_repository(Database& db);
}
