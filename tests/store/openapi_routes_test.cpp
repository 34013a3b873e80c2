// Every route the server registers is described in the OpenAPI document it serves.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api/api.hpp"
#include "core/crypto.hpp"
#include "domain/auth/sessions.hpp"
#include "domain/kpi/service.hpp"
#include "domain/orders/service.hpp"
#include "domain/org/service.hpp"
#include "domain/revenue/service.hpp"
#include "domain/pay/service.hpp"
#include "fixture.hpp"
#include "domain/plant/service.hpp"
#include "store/plant_import.hpp"
#include "store/kpi_store.hpp"
#include "store/pay_store.hpp"
#include "store/plant_store.hpp"
#include "domain/plant/network.hpp"
#include "store/plant_network_store.hpp"
#include "store/repositories.hpp"
#include "store/revenue_store.hpp"

namespace bc {
namespace {

TEST(OpenApi, DescribesEveryRoute) {
  if (testing::on_postgres()) GTEST_SKIP() << "the route table does not depend on the database";
  init_crypto();
  testing::FreshDb f;
  auto org_repo = store::make_org_repository(*f.db);
  auto sessions = store::make_session_repository(*f.db);
  auto audit = store::make_audit_repository(*f.db);
  org::OrgService org(*org_repo);
  auth::AuthService auth(*sessions, org, {});
  auto plant_repo = store::make_plant_repository(*f.db);
  plant::PlantService plant(*plant_repo, org);
  auto network_repo = store::make_network_repository(*f.db);
  plant::NetworkService network(plant, *plant_repo, *network_repo, org);
  auto imports = store::make_import_repository(*f.db);
  auto order_repo = store::make_order_repository(*f.db);
  orders::OrderService orders(*order_repo, org, plant, {});
  auto kpi_repo = store::make_kpi_repository(*f.db);
  auto cards = store::make_scorecard_repository(*f.db);
  kpi::NoRevenue no_revenue;
  kpi::KpiService kpis(*kpi_repo, *cards, no_revenue, org, {});
  auto revenue_repo = store::make_revenue_repository(*f.db);
  revenue::RevenueService revenue(*revenue_repo, org, {});
  auto pay_repo = store::make_pay_repository(*f.db);
  pay::PayService pay(*pay_repo, org, {});
  api::Api api({org, auth, *audit, plant, network, *imports, orders, kpis, revenue, pay, {}, {}}, {});
  auto doc = boost::json::parse(api::embedded_openapi_text()).as_object();
  EXPECT_EQ(doc.at("openapi").as_string().subview().substr(0, 3), "3.1");
  const auto& paths = doc.at("paths").as_object();
  int checked = 0;
  for (const auto& [method, pattern] : api.routes()) {
    std::string m = method;
    for (auto& c : m) c = static_cast<char>(std::tolower(c));
    const auto* item = paths.if_contains(pattern);
    EXPECT_TRUE(item && item->as_object().contains(m)) << method << " " << pattern << " is missing from openapi.json";
    ++checked;
  }
  EXPECT_GE(checked, 35);
}

}  // namespace
}  // namespace bc
