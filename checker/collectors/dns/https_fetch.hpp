#pragma once
// One HTTPS GET the way RFC 8461 wants a policy fetched: HTTPS only, the certificate verified
// for the host name, no redirect followed, a size limit and a timeout. libcurl does the
// protocol; it connects to the address mtaudit's own validating resolver found
// (CURLOPT_RESOLVE), so the fetch and the DNS facts describe the same server.
#include <chrono>
#include <cstddef>
#include <string>

namespace mtaudit::dns {

struct HttpsRequest {
  std::string host;      // "mta-sts.example.test"
  std::string path;      // "/.well-known/mta-sts.txt"
  std::string address;   // where `host` resolved; "" = let libcurl resolve it
  std::string ca_file;   // "" = the system trust store
  std::chrono::milliseconds timeout{10000};  // the whole exchange
  std::size_t max_body = 64 * 1024;
  std::string url() const { return "https://" + host + path; }
};

struct HttpsResponse {
  std::string url;
  std::string address;
  // Transport failure that says nothing about the server's policy (timeout, refused, libcurl
  // missing); "" when an HTTP answer (or a TLS verdict) was obtained.
  std::string error;
  std::string tls_error;  // the certificate did not verify for the host (a finding)
  long status = 0;
  std::string content_type;
  std::string location;   // Location of a redirect, never followed
  std::string body;       // at most max_body bytes
  bool over_limit = false;
};

HttpsResponse https_get(const HttpsRequest& request);

}  // namespace mtaudit::dns
