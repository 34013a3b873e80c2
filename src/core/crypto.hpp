// Password hashing (argon2id) and opaque tokens, on libsodium. Thread-safe after init_crypto().
#pragma once
#include <string>
#include <string_view>

namespace bc {

void init_crypto();  // call once at start; throws if libsodium cannot initialise

// Argon2id in libsodium's encoded form ("$argon2id$v=19$m=...,t=...,p=1$...").
std::string hash_password(std::string_view password);
bool verify_password(std::string_view encoded, std::string_view password);
bool password_needs_rehash(std::string_view encoded);

// 32 random bytes, base64url without padding, behind a readable prefix ("bcs_", "bct_").
std::string random_token(std::string_view prefix);
// A human-typeable random password: 16 characters from an unambiguous alphabet.
std::string random_password();
// Hex BLAKE2b-256 of a token: what is stored, so a database leak does not leak tokens.
std::string token_digest(std::string_view token);

}  // namespace bc
