#include "domain/auth/access.hpp"

#include <gtest/gtest.h>

namespace bc::auth {
namespace {

TEST(LoginPolicy, SlowsDownThenLocksThenStartsAfresh) {
  LoginPolicy p;  // slow after 3, lock at 5 for 15 minutes
  LoginState st;
  Millis t = 1'000'000;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(wait_before_attempt(p, st, t), 0) << "attempt " << i;
    st = after_failure(p, st, t);
  }
  EXPECT_EQ(wait_before_attempt(p, st, t), 1);         // 2^0 s after the third failure
  EXPECT_EQ(wait_before_attempt(p, st, t + 1000), 0);
  st = after_failure(p, st, t + 1000);
  EXPECT_EQ(wait_before_attempt(p, st, t + 1000), 2);  // 2^1 s after the fourth
  st = after_failure(p, st, t + 3000);
  EXPECT_EQ(st.failures, 5);
  EXPECT_EQ(st.locked_until, t + 3000 + 15 * 60000);
  EXPECT_EQ(wait_before_attempt(p, st, t + 3000), 15 * 60);
  EXPECT_EQ(wait_before_attempt(p, st, st.locked_until), 0);
  st = after_failure(p, st, st.locked_until + 1);      // first failure after the lock: count restarts
  EXPECT_EQ(st.failures, 1);
  EXPECT_EQ(st.locked_until, 0);
}

TEST(Passwords, RejectShortAndDegenerate) {
  EXPECT_FALSE(check_password("password", "short"));
  EXPECT_FALSE(check_password("password", "aaaaaaaaaaaa"));
  EXPECT_TRUE(check_password("password", "long enough pass"));
}

TEST(Permissions, FollowTheRoles) {
  using org::Role;
  EXPECT_TRUE(has(Role::administrator, Permission::tokens_manage));
  EXPECT_FALSE(has(Role::office_head, Permission::tokens_manage));
  EXPECT_TRUE(has(Role::community_head, Permission::org_write));
  EXPECT_FALSE(has(Role::auditor, Permission::org_write));
  EXPECT_TRUE(has(Role::auditor, Permission::audit_read));
  EXPECT_FALSE(has(Role::area_manager, Permission::audit_read));
  EXPECT_FALSE(has(Role::hotline_agent, Permission::org_write));
}

}  // namespace
}  // namespace bc::auth
