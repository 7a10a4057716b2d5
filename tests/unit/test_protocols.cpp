#include "collectors/postfix_config/protocols.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mtaudit::postfix {
namespace {

using Names = std::vector<std::string>;

const Names k_all = {"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"};
const Names k_tls1_up = {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"};
const Names k_tls12_up = {"TLSv1.2", "TLSv1.3"};

ProtocolList parse37(std::string_view value) { return parse_protocol_list(value, 3, 7); }

void expect_valid(const ProtocolList& p, const Names& enabled) {
  EXPECT_TRUE(p.valid);
  EXPECT_EQ(p.enabled, enabled);
  EXPECT_TRUE(p.invalid_tokens.empty());
  EXPECT_EQ(p.error, "");
}

// --- The table of postfix-tls-semantics.md section 4.2, row by row ---

TEST(PostfixProtocols, DefaultSince36FloorTlsv1) {
  auto p = parse37(">=TLSv1");
  expect_valid(p, k_tls1_up);
  EXPECT_EQ(p.floor, 0x0301);
  EXPECT_EQ(p.ceiling, 0);
  EXPECT_TRUE(p.warnings.empty());
}

TEST(PostfixProtocols, Default34ExcludesSsl) {
  expect_valid(parse37("!SSLv2, !SSLv3"), k_tls1_up);
  expect_valid(parse_protocol_list("!SSLv2, !SSLv3", 3, 4), k_tls1_up);
}

TEST(PostfixProtocols, FloorTls12) { expect_valid(parse37(">=TLSv1.2"), k_tls12_up); }

TEST(PostfixProtocols, FloorAndCeiling) {
  auto p = parse37(">=TLSv1.2, <=TLSv1.3");
  expect_valid(p, k_tls12_up);
  EXPECT_EQ(p.floor, 0x0303);
  EXPECT_EQ(p.ceiling, 0x0304);
}

TEST(PostfixProtocols, HexFloor) {
  auto p = parse37(">=0x0303");
  expect_valid(p, k_tls12_up);
  EXPECT_EQ(p.floor, 0x0303);
}

TEST(PostfixProtocols, ColonSeparatedExclusions) {
  expect_valid(parse37("!SSLv2:!SSLv3:!TLSv1:!TLSv1.1"), k_tls12_up);
}

TEST(PostfixProtocols, IncludeList) { expect_valid(parse37("TLSv1.2 TLSv1.3"), k_tls12_up); }

TEST(PostfixProtocols, CeilingKeepsEverythingBelow) {
  auto p = parse37("<=TLSv1.2");
  expect_valid(p, (Names{"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"}));
  EXPECT_EQ(p.floor, 0);
  EXPECT_EQ(p.ceiling, 0x0303);
}

TEST(PostfixProtocols, FloorMinusExclusion) {
  expect_valid(parse37(">=TLSv1.2, !TLSv1.2"), (Names{"TLSv1.3"}));
}

TEST(PostfixProtocols, IncludeBelowFloorLeavesNothing) {
  expect_valid(parse37(">=TLSv1.2, TLSv1"), Names{});
}

TEST(PostfixProtocols, WrongCaseIsInvalid) {
  auto p = parse37(">=tlsv1.2");
  EXPECT_FALSE(p.valid);
  EXPECT_EQ(p.enabled, Names{});
  EXPECT_EQ(p.invalid_tokens, Names{">=tlsv1.2"});
  EXPECT_EQ(p.error,
            "invalid TLS protocol token \">=tlsv1.2\" "
            "(protocol names are case-sensitive: \">=TLSv1.2\")");
}

// --- Syntax details from tls_proto_mask_lims() / parse_tls_version() ---

TEST(PostfixProtocols, EmptyValueEnablesEverything) {
  expect_valid(parse37(""), k_all);
  expect_valid(parse37(" \t, : "), k_all);
}

TEST(PostfixProtocols, MixedSeparators) {
  expect_valid(parse37("  !SSLv2,,:: !SSLv3\t!TLSv1 ,!TLSv1.1:"), k_tls12_up);
}

TEST(PostfixProtocols, HexSpellingsStrtoulAccepts) {
  for (const char* v : {">=303", ">=0303", ">=0x303", ">=0X0303", ">=+303"}) {
    auto p = parse37(v);
    expect_valid(p, k_tls12_up);
    EXPECT_EQ(p.floor, 0x0303) << v;
  }
}

TEST(PostfixProtocols, NoneAndEmptyBoundMeanNoBound) {
  auto none = parse37(">=None <=None");
  expect_valid(none, k_all);
  EXPECT_EQ(none.floor, 0);
  auto empty = parse37(">=");  // strtoul("") reads 0 and leaves nothing over
  expect_valid(empty, k_all);
  EXPECT_EQ(empty.floor, 0);
  expect_valid(parse37(">=0"), k_all);
}

TEST(PostfixProtocols, LastBoundWins) {
  auto p = parse37(">=TLSv1.2 >=TLSv1");
  expect_valid(p, k_tls1_up);
  EXPECT_EQ(p.floor, 0x0301);
}

TEST(PostfixProtocols, FloorAboveCeilingLeavesNothing) {
  expect_valid(parse37(">=TLSv1.3 <=TLSv1.2"), Names{});
}

TEST(PostfixProtocols, SslBoundAndFloorRemovesSslv2) {
  expect_valid(parse37(">=SSLv3"), (Names{"SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"}));
}

TEST(PostfixProtocols, HexOpenSslRejectsIsIgnoredWithWarning) {
  auto p = parse37(">=0x0305, <=0x0200");
  expect_valid(p, k_all);
  EXPECT_EQ(p.floor, 0x0305);
  EXPECT_EQ(p.ceiling, 0x0200);
  EXPECT_EQ(p.warnings,
            (Names{"TLS protocol minimum 0x0305 is not a TLS version OpenSSL accepts "
                   "(0x0300 to 0x0304), so no minimum is applied",
                   "TLS protocol maximum 0x0200 is not a TLS version OpenSSL accepts "
                   "(0x0300 to 0x0304), so no maximum is applied"}));
}

TEST(PostfixProtocols, HexLettersAreANumber) {
  auto p = parse37(">=abc");  // 0xabc: valid syntax, ineffective bound
  EXPECT_TRUE(p.valid);
  EXPECT_EQ(p.floor, 0xabc);
  EXPECT_EQ(p.warnings.size(), 1u);
}

TEST(PostfixProtocols, Sslv2IsNotABound) {
  auto p = parse37(">=SSLv2");
  EXPECT_FALSE(p.valid);
  EXPECT_EQ(p.error,
            "invalid TLS protocol token \">=SSLv2\" (SSLv2 cannot be a \">=\" or \"<=\" bound)");
}

TEST(PostfixProtocols, BadHexIsInvalid) {
  for (const char* v : {">=0x", ">=-1", ">=303x", ">=-303"}) {
    auto p = parse37(v);
    EXPECT_FALSE(p.valid) << v;
  }
  EXPECT_EQ(parse37(">=0x").error, "invalid TLS protocol token \">=0x\"");
  EXPECT_EQ(parse37(">=ffffffffff").error, "invalid TLS protocol token \">=ffffffffff\"");
}

TEST(PostfixProtocols, SpaceAfterOperatorSplitsTheToken) {
  auto p = parse37(">= TLSv1.2");  // ">=" (no bound) then an include of TLSv1.2
  expect_valid(p, (Names{"TLSv1.2"}));
}

TEST(PostfixProtocols, ExclusionTakesNamesOnly) {
  auto p = parse37("!0x0303");
  EXPECT_FALSE(p.valid);
  EXPECT_EQ(p.error, "invalid TLS protocol token \"!0x0303\"");
  EXPECT_FALSE(parse37("!None").valid);
  EXPECT_FALSE(parse37("None").valid);
  EXPECT_FALSE(parse37("!").valid);
}

TEST(PostfixProtocols, WrongCaseExclusionHint) {
  auto p = parse37("!sslv3");
  EXPECT_EQ(p.error,
            "invalid TLS protocol token \"!sslv3\" "
            "(protocol names are case-sensitive: \"!SSLv3\")");
  EXPECT_EQ(parse37(">=none").error,
            "invalid TLS protocol token \">=none\" "
            "(protocol names are case-sensitive: \">=None\")");
  EXPECT_EQ(parse37("none").error, "invalid TLS protocol token \"none\"");
}

TEST(PostfixProtocols, UnknownNameIsInvalid) {
  auto p = parse37("!SSLv2 TLSv1.4");
  EXPECT_FALSE(p.valid);
  EXPECT_EQ(p.invalid_tokens, Names{"TLSv1.4"});
  EXPECT_EQ(p.error, "invalid TLS protocol token \"TLSv1.4\"");
  EXPECT_EQ(p.enabled, Names{});
}

TEST(PostfixProtocols, EveryInvalidTokenIsListedErrorNamesTheFirst) {
  auto p = parse37("TLSV1.2, >=TLSv1.2, foo:!bar");
  EXPECT_FALSE(p.valid);
  EXPECT_EQ(p.invalid_tokens, (Names{"TLSV1.2", "foo", "!bar"}));
  EXPECT_EQ(p.error,
            "invalid TLS protocol token \"TLSV1.2\" "
            "(protocol names are case-sensitive: \"TLSv1.2\")");
}

TEST(PostfixProtocols, BoundsNeedPostfix36) {
  auto p = parse_protocol_list(">=TLSv1.2", 3, 5);
  EXPECT_FALSE(p.valid);
  EXPECT_EQ(p.invalid_tokens, Names{">=TLSv1.2"});
  EXPECT_EQ(p.error,
            "invalid TLS protocol token \">=TLSv1.2\" "
            "(\">=\" and \"<=\" bounds need Postfix 3.6 or later)");
  EXPECT_FALSE(parse_protocol_list("<=TLSv1.3", 2, 11).valid);
  EXPECT_TRUE(parse_protocol_list(">=TLSv1.2", 3, 6).valid);
  EXPECT_TRUE(parse_protocol_list(">=TLSv1.2", 4, 0).valid);
}

// --- What a client offers ---

TEST(PostfixProtocolsClient, HoleDropsEverythingAbove) {
  auto p = parse37("!SSLv2, !SSLv3, !TLSv1.1");
  EXPECT_EQ(p.enabled, (Names{"TLSv1", "TLSv1.2", "TLSv1.3"}));
  EXPECT_EQ(client_contiguous_range(p), Names{"TLSv1"});
}

TEST(PostfixProtocolsClient, ContiguousSetIsUnchanged) {
  EXPECT_EQ(client_contiguous_range(parse37(">=TLSv1")), k_tls1_up);
  EXPECT_EQ(client_contiguous_range(parse37(">=TLSv1.2")), k_tls12_up);
  EXPECT_EQ(client_contiguous_range(parse37("")), k_tls1_up);
}

TEST(PostfixProtocolsClient, LowestRunWins) {
  EXPECT_EQ(client_contiguous_range(parse37(">=TLSv1, !TLSv1.2")),
            (Names{"TLSv1", "TLSv1.1"}));
}

TEST(PostfixProtocolsClient, Sslv3IsAHoleUnlessAvailable) {
  auto p = parse37("!TLSv1");
  EXPECT_EQ(client_contiguous_range(p), (Names{"TLSv1.1", "TLSv1.2", "TLSv1.3"}));
  EXPECT_EQ(client_contiguous_range(p, true), Names{"SSLv3"});
  auto low = parse37("<=SSLv3");
  EXPECT_EQ(client_contiguous_range(low), Names{});
  EXPECT_EQ(client_contiguous_range(low, true), Names{"SSLv3"});
}

TEST(PostfixProtocolsClient, InvalidListOffersNothing) {
  EXPECT_EQ(client_contiguous_range(parse37(">=tlsv1.2")), Names{});
}

TEST(PostfixProtocols, ProtocolNames) {
  EXPECT_EQ(protocol_name(0x0303), "TLSv1.2");
  EXPECT_EQ(protocol_name(0x0002), "SSLv2");
  EXPECT_EQ(protocol_name(0x0305), "");
  EXPECT_EQ(protocol_name(0), "");
}

}  // namespace
}  // namespace mtaudit::postfix
