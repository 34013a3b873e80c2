#include "api/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.hpp"

namespace bc::api {
namespace {
std::string type_of(const std::string& path) {
  auto dot = path.rfind('.');
  std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "json") return "application/json";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}
}  // namespace

const StaticFiles::File* StaticFiles::load(const std::string& rel) {
  std::lock_guard lk(mu_);
  if (auto it = cache_.find(rel); it != cache_.end()) return &it->second;
  std::filesystem::path p = std::filesystem::path(root_) / rel;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(p, ec)) return nullptr;
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  File f{ss.str(), type_of(rel), ""};
  f.etag = "\"" + token_digest(f.body).substr(0, 16) + "\"";
  if (cache_.size() > 2000) cache_.clear();
  return &cache_.emplace(rel, std::move(f)).first->second;
}

std::optional<Response> StaticFiles::serve(const std::string& path, std::string_view if_none_match) {
  if (root_.empty() || path.find("..") != std::string::npos || path.find('\\') != std::string::npos)
    return std::nullopt;
  std::string rel = path.size() > 1 ? path.substr(1) : "index.html";
  const File* f = load(rel);
  const bool asset = rel.rfind("assets/", 0) == 0;
  if (!f) {
    // Client-side routes (no extension) get the app; a missing file stays a 404.
    auto last = rel.rfind('/');
    std::string leaf = last == std::string::npos ? rel : rel.substr(last + 1);
    if (leaf.find('.') != std::string::npos) return std::nullopt;
    rel = "index.html";
    f = load(rel);
    if (!f) return std::nullopt;
  }
  Response r;
  r.content_type = f->type;
  r.header("ETag", f->etag);
  r.header("Cache-Control", asset ? "public, max-age=31536000, immutable" : "no-cache");
  r.header("X-Content-Type-Options", "nosniff");
  if (rel == "index.html") {
    r.header("X-Frame-Options", "DENY");
    r.header("Referrer-Policy", "same-origin");
    r.header("Content-Security-Policy",
             "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
             "frame-ancestors 'none'");
  }
  if (if_none_match == f->etag) {
    r.status = 304;
    return r;
  }
  r.body = f->body;
  return r;
}

}  // namespace bc::api
