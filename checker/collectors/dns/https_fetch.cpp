#include "collectors/dns/https_fetch.hpp"

#include <curl/curl.h>

#include <memory>

#include "core/dynlib.hpp"

namespace mtaudit::dns {
namespace {

// libcurl, opened at run time (core/dynlib.hpp says why).
struct CurlApi {
  std::shared_ptr<DynLib> lib;
  decltype(&curl_global_init) global_init = nullptr;
  decltype(&curl_easy_init) init = nullptr;
  decltype(&curl_easy_cleanup) cleanup = nullptr;
  decltype(&curl_easy_setopt) setopt = nullptr;
  decltype(&curl_easy_perform) perform = nullptr;
  decltype(&curl_easy_getinfo) getinfo = nullptr;
  decltype(&curl_easy_strerror) strerror = nullptr;
  decltype(&curl_slist_append) slist_append = nullptr;
  decltype(&curl_slist_free_all) slist_free_all = nullptr;

  std::string load() {
    std::string why;
    lib = DynLib::open({"libcurl.so.4", "libcurl.so"}, &why);
    if (!lib) return "cannot load libcurl (package libcurl4): " + why;
    bool ok = lib->bind(global_init, "curl_global_init") && lib->bind(init, "curl_easy_init") &&
              lib->bind(cleanup, "curl_easy_cleanup") && lib->bind(setopt, "curl_easy_setopt") &&
              lib->bind(perform, "curl_easy_perform") && lib->bind(getinfo, "curl_easy_getinfo") &&
              lib->bind(strerror, "curl_easy_strerror") && lib->bind(slist_append, "curl_slist_append") &&
              lib->bind(slist_free_all, "curl_slist_free_all");
    if (!ok) return "libcurl lacks a function mtaudit needs";
    global_init(CURL_GLOBAL_DEFAULT);
    return "";
  }
};

struct Sink {
  std::string* body;
  std::size_t limit;
  bool* over;
};

// Stops the transfer (by returning less than offered) once the body passes the limit.
std::size_t on_data(char* data, std::size_t size, std::size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::size_t len = size * n;
  if (sink->body->size() + len > sink->limit) {
    *sink->over = true;
    return 0;
  }
  sink->body->append(data, len);
  return len;
}

void read_info(const CurlApi& api, CURL* h, HttpsResponse& out) {
  api.getinfo(h, CURLINFO_RESPONSE_CODE, &out.status);
  char* text = nullptr;
  if (api.getinfo(h, CURLINFO_CONTENT_TYPE, &text) == CURLE_OK && text != nullptr) out.content_type = text;
  text = nullptr;
  if (api.getinfo(h, CURLINFO_REDIRECT_URL, &text) == CURLE_OK && text != nullptr) out.location = text;
}

}  // namespace

HttpsResponse https_get(const HttpsRequest& request) {
  HttpsResponse out;
  out.url = request.url();
  out.address = request.address;
  CurlApi api;
  if (out.error = api.load(); !out.error.empty()) return out;
  std::unique_ptr<CURL, decltype(api.cleanup)> h(api.init(), api.cleanup);
  if (!h) {
    out.error = "libcurl: cannot create a handle";
    return out;
  }
  std::unique_ptr<curl_slist, decltype(api.slist_free_all)> resolve(nullptr, api.slist_free_all);
  if (!request.address.empty()) {
    std::string addr = request.address.find(':') != std::string::npos ? "[" + request.address + "]" : request.address;
    resolve.reset(api.slist_append(nullptr, (request.host + ":443:" + addr).c_str()));
    api.setopt(h.get(), CURLOPT_RESOLVE, resolve.get());
  }
  char errbuf[CURL_ERROR_SIZE] = {0};
  Sink sink{&out.body, request.max_body, &out.over_limit};
  api.setopt(h.get(), CURLOPT_URL, out.url.c_str());
  api.setopt(h.get(), CURLOPT_PROTOCOLS_STR, "https");
  api.setopt(h.get(), CURLOPT_FOLLOWLOCATION, 0L);
  api.setopt(h.get(), CURLOPT_SSL_VERIFYPEER, 1L);
  api.setopt(h.get(), CURLOPT_SSL_VERIFYHOST, 2L);
  if (!request.ca_file.empty()) api.setopt(h.get(), CURLOPT_CAINFO, request.ca_file.c_str());
  api.setopt(h.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  api.setopt(h.get(), CURLOPT_NOSIGNAL, 1L);  // worker threads: no SIGALRM for timeouts
  api.setopt(h.get(), CURLOPT_USERAGENT, "mtaudit/" MTAUDIT_VERSION);
  api.setopt(h.get(), CURLOPT_ERRORBUFFER, errbuf);
  api.setopt(h.get(), CURLOPT_WRITEFUNCTION, &on_data);
  api.setopt(h.get(), CURLOPT_WRITEDATA, &sink);
  CURLcode rc = api.perform(h.get());
  read_info(api, h.get(), out);
  if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && out.over_limit)) return out;
  std::string why = errbuf[0] != '\0' ? errbuf : api.strerror(rc);
  if (rc == CURLE_PEER_FAILED_VERIFICATION) {
    out.tls_error = why;
  } else {
    out.error = why;
  }
  return out;
}

}  // namespace mtaudit::dns
