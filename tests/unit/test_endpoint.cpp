#include <gtest/gtest.h>

#include "collectors/postfix_config/endpoint.hpp"

using namespace mtaudit::postfix;

TEST(Endpoint, KnownTcpPorts) {
  auto t = parse_known_tcp_ports("lmtp=24, smtp=25, smtps=submissions=465, submission=587");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->at("smtps"), 465);
  EXPECT_EQ(t->at("submissions"), 465);
  EXPECT_EQ(t->at("submission"), 587);
  EXPECT_EQ(t->size(), 5u);
  EXPECT_FALSE(parse_known_tcp_ports("smtp=x").ok());
  EXPECT_TRUE(parse_known_tcp_ports("")->empty());
}

TEST(Endpoint, ServicesFile) {
  auto t = parse_services_file("# c\nsubmissions\t465/tcp ssmtp smtps urd\nsubmission 587/tcp\nfoo 9/udp\n");
  EXPECT_EQ(t.at("ssmtp"), 465);
  EXPECT_EQ(t.at("submission"), 587);
  EXPECT_EQ(t.count("foo"), 0u);
}

TEST(Endpoint, HostPortForms) {
  PortTable known{{"smtp", 25}, {"submission", 587}};
  PortTable services{{"ssmtp", 465}};
  auto a = parse_inet_endpoint("smtp", known, services);
  EXPECT_EQ(a->host, "");
  EXPECT_EQ(*a->port, 25);
  auto b = parse_inet_endpoint("127.0.0.1:submission", known, services);
  EXPECT_EQ(b->host, "127.0.0.1");
  EXPECT_EQ(*b->port, 587);
  auto c = parse_inet_endpoint("[::1]:465", known, services);
  EXPECT_EQ(c->host, "::1");
  EXPECT_EQ(*c->port, 465);
  auto d = parse_inet_endpoint("::1:smtp", known, services);
  EXPECT_EQ(d->host, "::1");
  EXPECT_EQ(*d->port, 25);
  EXPECT_EQ(*parse_inet_endpoint("ssmtp", known, services)->port, 465);
  EXPECT_FALSE(parse_inet_endpoint("nosuch", known, services)->port.has_value());
  EXPECT_EQ(parse_inet_endpoint("host:", known, services).errors().front().message,
            "missing service information in \"host:\"");
  EXPECT_EQ(parse_inet_endpoint("25x", known, services).errors().front().message,
            "garbage after numerical service in \"25x\"");
}

TEST(Endpoint, Loopback) {
  EXPECT_TRUE(is_loopback_host("127.0.0.2"));
  EXPECT_TRUE(is_loopback_host("::1"));
  EXPECT_FALSE(is_loopback_host("192.0.2.1"));
  EXPECT_FALSE(is_loopback_host(""));
}
