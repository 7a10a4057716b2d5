#include "collectors/files/plan.hpp"

#include <gtest/gtest.h>

namespace mtaudit::files {
namespace {

using facts::Fact;
using facts::FactList;
using facts::FactMap;
using facts::Origin;

Fact cert_ref(const std::string& alg, const std::string& cert, const std::string& key, const std::string& param) {
  Fact f;
  f["algorithm"] = alg;
  f["cert_file"] = cert;
  f["key_file"] = key;
  f["param"] = param;
  return f;
}

Fact service(const std::string& id, const std::string& level, FactList certs, FactMap params) {
  Fact s;
  s["id"] = id;
  s["family"] = "smtpd";
  s["params"] = Fact(std::move(params));
  s["tls"]["level"] = level;
  s["tls"]["certificates"] = Fact(std::move(certs));
  return s;
}

Fact at(std::string value, int line) {
  Fact f(std::move(value));
  f.with_origin(Origin{Origin::Kind::file, "/etc/postfix/main.cf", line, ""});
  return f;
}

Fact postfix_tree() {
  Fact postfix;
  postfix["main"]["smtpd_tls_dh1024_param_file"] = at("/etc/postfix/dh2048.pem", 7);
  FactMap chain_params{{"myhostname", Fact("mail.example.org")},
                       {"smtpd_tls_chain_files", at("/etc/postfix/ec.pem, /etc/postfix/rsa.pem", 3)},
                       {"smtpd_tls_dh1024_param_file", at("/etc/postfix/dh2048.pem", 7)}};
  FactMap legacy_params{{"myhostname", Fact("mx.example.org")},
                        {"smtpd_tls_cert_file", at("/etc/postfix/cert.pem", 4)},
                        {"smtpd_tls_dh1024_param_file", Fact("auto")}};
  Fact smtp = service("smtp/inet", "may",
                      {cert_ref("chain", "/etc/postfix/ec.pem", "/etc/postfix/ec.pem", "smtpd_tls_chain_files"),
                       cert_ref("chain", "/etc/postfix/rsa.pem", "/etc/postfix/rsa.pem", "smtpd_tls_chain_files")},
                      chain_params);
  Fact sub = service("submission/inet", "encrypt",
                     {cert_ref("rsa", "/etc/postfix/cert.pem", "/etc/postfix/key.pem", "smtpd_tls_cert_file")},
                     legacy_params);
  Fact off = service("10025/inet", "none", {cert_ref("rsa", "/etc/postfix/x.pem", "/etc/postfix/x.pem", "p")}, {});
  Fact client;
  client["id"] = "smtp/unix";
  client["family"] = "smtp";
  postfix["services"] = FactList{smtp, sub, off, client};
  Fact entry;
  entry["key"] = "mail.example.net";
  entry["files"] = FactList{Fact("/etc/postfix/sni.pem")};
  entry.with_origin(Origin{Origin::Kind::file, "/etc/postfix/sni", 2, ""});
  Fact table;
  table["spec"] = "hash:/etc/postfix/sni";
  table["entries"] = FactList{entry};
  postfix["sni_maps"] = FactList{table};
  return postfix;
}

TEST(FilesPlan, ServicesSniAndDhFiles) {
  FilePlan plan = plan_files(postfix_tree());
  EXPECT_EQ(plan.services, (std::vector<std::string>{"smtp/inet", "submission/inet"}));
  ASSERT_EQ(plan.chains.size(), 3u);
  const ChainRef& chain = plan.chains[0];
  EXPECT_EQ(chain.mode, ChainRef::Mode::chain_files);
  EXPECT_EQ(chain.files, (std::vector<std::string>{"/etc/postfix/ec.pem", "/etc/postfix/rsa.pem"}));
  EXPECT_EQ(chain.algorithm, "chain");
  EXPECT_EQ(chain.param, "smtpd_tls_chain_files");
  EXPECT_EQ(chain.service, "smtp/inet");
  EXPECT_EQ(chain.host_name, "mail.example.org");
  ASSERT_EQ(chain.origins.size(), 1u);
  EXPECT_EQ(chain.origins[0].to_string(), "/etc/postfix/main.cf:3");
  const ChainRef& legacy = plan.chains[1];
  EXPECT_EQ(legacy.mode, ChainRef::Mode::cert_and_key);
  EXPECT_EQ(legacy.files, (std::vector<std::string>{"/etc/postfix/cert.pem", "/etc/postfix/key.pem"}));
  EXPECT_EQ(legacy.algorithm, "rsa");
  EXPECT_EQ(legacy.host_name, "mx.example.org");
  const ChainRef& sni = plan.chains[2];
  EXPECT_EQ(sni.files, std::vector<std::string>{"/etc/postfix/sni.pem"});
  EXPECT_EQ(sni.param, "tls_server_sni_maps");
  EXPECT_EQ(sni.service, "");
  EXPECT_EQ(sni.sni_table, "hash:/etc/postfix/sni");
  EXPECT_EQ(sni.sni_key, "mail.example.net");
  EXPECT_EQ(sni.origins.at(0).to_string(), "/etc/postfix/sni:2");
  ASSERT_EQ(plan.dh.size(), 2u);  // main.cf and smtp/inet; "auto" is no file
  EXPECT_EQ(plan.dh[0].path, "/etc/postfix/dh2048.pem");
  EXPECT_EQ(plan.dh[0].user, "main.cf");
  EXPECT_EQ(plan.dh[1].user, "smtp/inet");
  EXPECT_EQ(planned_paths(plan),
            (std::vector<std::string>{"/etc/postfix/cert.pem", "/etc/postfix/dh2048.pem", "/etc/postfix/ec.pem",
                                      "/etc/postfix/key.pem", "/etc/postfix/rsa.pem", "/etc/postfix/sni.pem"}));
}

TEST(FilesPlan, GapsContributeNothing) {
  Fact postfix;
  postfix["services"] = Fact::gap(facts::Gap::Kind::failed, "broken");
  postfix["sni_maps"] = Fact::gap(facts::Gap::Kind::failed, "broken");
  FilePlan plan = plan_files(postfix);
  EXPECT_TRUE(plan.chains.empty());
  EXPECT_TRUE(plan.dh.empty());
  EXPECT_TRUE(planned_paths(plan).empty());
  EXPECT_TRUE(plan_files(Fact::gap(facts::Gap::Kind::not_collected, "no config")).chains.empty());
}

}  // namespace
}  // namespace mtaudit::files
