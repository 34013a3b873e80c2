// The SQL implementation of pay::PayRepository (SQLite and PostgreSQL); thread-safe.
#pragma once
#include <memory>

#include "domain/pay/repository.hpp"
#include "store/database.hpp"

namespace bc::store {

std::unique_ptr<pay::PayRepository> make_pay_repository(Database& db);

}  // namespace bc::store
