#include "core/crypto.hpp"

#include <sodium.h>

#include <stdexcept>

namespace bc {
namespace {
// OWASP's argon2id floor is m=19 MiB, t=2; we use 64 MiB, t=2: about 60-100 ms on this class of machine.
constexpr unsigned long long kOpsLimit = 2;
constexpr std::size_t kMemLimit = 64ull * 1024 * 1024;
}  // namespace

void init_crypto() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::string hash_password(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), kOpsLimit, kMemLimit) != 0)
    throw std::runtime_error("argon2id hashing ran out of memory");
  return out;
}

bool verify_password(std::string_view encoded, std::string_view password) {
  std::string enc(encoded);  // libsodium wants a NUL-terminated string
  return crypto_pwhash_str_verify(enc.c_str(), password.data(), password.size()) == 0;
}

bool password_needs_rehash(std::string_view encoded) {
  std::string enc(encoded);
  return crypto_pwhash_str_needs_rehash(enc.c_str(), kOpsLimit, kMemLimit) != 0;
}

std::string random_token(std::string_view prefix) {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(prefix) + b64;
}

std::string random_password() {
  static constexpr char kAlphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string p(16, ' ');
  for (auto& c : p) c = kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)];
  return p;
}

std::string token_digest(std::string_view token) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                     nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

}  // namespace bc
