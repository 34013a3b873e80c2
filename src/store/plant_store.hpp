// Factory for the SQL implementation of plant::PlantRepository. Thread-safe.
#pragma once
#include <memory>

#include "domain/plant/repository.hpp"
#include "store/database.hpp"

namespace bc::store {
std::unique_ptr<plant::PlantRepository> make_plant_repository(Database& db);
}
