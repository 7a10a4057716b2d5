#include "collectors/postfix_config/mynetworks.hpp"

#include <gtest/gtest.h>

namespace mtaudit::postfix {
namespace {

// The interfaces of the reference machine: lo and eth0 with one IPv4 and two IPv6 addresses.
std::vector<LocalAddress> interfaces() {
  return {*parse_local_address("127.0.0.1", 8), *parse_local_address("192.0.2.2", 24),
          *parse_local_address("::1", 128), *parse_local_address("fd00::2", 64),
          *parse_local_address("fe80::fc:ff:fe00:1", 64)};
}

TEST(Mynetworks, SubnetStyleMasksEachInterfaceAddressAndEndsInABlank) {
  EXPECT_EQ(compute_mynetworks("subnet", "all", "all", interfaces()),
            "127.0.0.0/8 192.0.2.0/24 [::1]/128 [fd00::]/64 [fe80::]/64 ");
}

TEST(Mynetworks, HostStyleKeepsEachAddress) {
  EXPECT_EQ(compute_mynetworks("host", "all", "all", interfaces()),
            "127.0.0.1/32 192.0.2.2/32 [::1]/128 [fd00::2]/128 [fe80::fc:ff:fe00:1]/128 ");
}

TEST(Mynetworks, ClassStyleIsClassfulForIpv4Only) {
  std::vector<LocalAddress> ifs = {*parse_local_address("172.20.3.4", 24), *parse_local_address("198.51.100.7", 28),
                                   *parse_local_address("fd00::2", 64)};
  EXPECT_EQ(compute_mynetworks("class", "all", "all", ifs), "172.20.0.0/16 198.51.100.0/24 [fd00::]/64 ");
}

TEST(Mynetworks, InetProtocolsSelectsFamilies) {
  EXPECT_EQ(compute_mynetworks("subnet", "ipv4", "all", interfaces()), "127.0.0.0/8 192.0.2.0/24 ");
  EXPECT_EQ(compute_mynetworks("subnet", "ipv6", "all", interfaces()), "[::1]/128 [fd00::]/64 [fe80::]/64 ");
  EXPECT_EQ(compute_mynetworks("subnet", "ipv4, ipv6", "all", interfaces()),
            compute_mynetworks("subnet", "all", "all", interfaces()));
}

TEST(Mynetworks, InetInterfacesNarrowsTheAddresses) {
  EXPECT_EQ(compute_mynetworks("subnet", "all", "loopback-only", interfaces()), "127.0.0.0/8 [::1]/128 ");
  EXPECT_EQ(compute_mynetworks("host", "all", "192.0.2.2, [fd00::2]", interfaces()), "192.0.2.2/32 [fd00::2]/128 ");
  // A host name would need a resolver; the computation declines rather than guess.
  EXPECT_EQ(compute_mynetworks("host", "all", "mail.example.org", interfaces()), std::nullopt);
  EXPECT_EQ(compute_mynetworks("host", "all", "203.0.113.1", interfaces()), std::nullopt);
}

TEST(Mynetworks, NothingLeftIsNoValue) {
  EXPECT_EQ(compute_mynetworks("subnet", "ipv6", "all", {*parse_local_address("10.0.0.1", 8)}), std::nullopt);
  EXPECT_FALSE(parse_local_address("not-an-address", 8).has_value());
}

}  // namespace
}  // namespace mtaudit::postfix
