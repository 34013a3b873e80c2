#include "core/crypto.hpp"

#include <gtest/gtest.h>

namespace bc {
namespace {

TEST(Crypto, Argon2idVerifiesOnlyTheRightPassword) {
  init_crypto();
  const auto h = hash_password("correct horse battery");
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password(h, "correct horse battery"));
  EXPECT_FALSE(verify_password(h, "correct horse batterY"));
  EXPECT_FALSE(verify_password("not a hash", "x"));
  EXPECT_NE(hash_password("same"), hash_password("same"));  // salted
}

TEST(Crypto, TokensAreRandomAndDigestsStable) {
  init_crypto();
  const auto a = random_token("bcs_"), b = random_token("bcs_");
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("bcs_", 0), 0u);
  EXPECT_EQ(a.size(), 4u + 43u);
  EXPECT_EQ(token_digest(a), token_digest(a));
  EXPECT_NE(token_digest(a), token_digest(b));
  EXPECT_EQ(random_password().size(), 16u);
}

}  // namespace
}  // namespace bc
