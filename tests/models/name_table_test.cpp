#include "pelsim/models/name_table.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pelsim::models {
namespace {

TEST(NameTable, InternsInInsertionOrder) {
  NameTable t;
  bool added = false;
  EXPECT_EQ(t.intern("a", &added), 0u);
  EXPECT_TRUE(added);
  EXPECT_EQ(t.intern("b", &added), 1u);
  EXPECT_EQ(t.intern("a", &added), 0u);
  EXPECT_FALSE(added);
  EXPECT_EQ(t.size(), 2u);
  EXPECT_EQ(t.name(1), "b");
}

TEST(NameTable, FindsEveryNameAfterManyGrowths) {
  NameTable t;
  for (int i = 0; i < 100000; ++i)
    ASSERT_EQ(t.intern("task_" + std::to_string(i)), static_cast<std::uint32_t>(i));
  for (int i = 0; i < 100000; i += 997)
    EXPECT_EQ(*t.find("task_" + std::to_string(i)), static_cast<std::uint32_t>(i));
  EXPECT_FALSE(t.find("task_100000").has_value());
  EXPECT_FALSE(t.find("").has_value());
}

TEST(NameTable, EmptyAndOddNamesAreOrdinary) {
  NameTable t;
  EXPECT_FALSE(t.find("x").has_value());  // empty table
  EXPECT_EQ(t.intern(""), 0u);
  EXPECT_EQ(t.intern("with \"quotes\" and spaces"), 1u);
  EXPECT_EQ(t.name(0), "");
  EXPECT_EQ(*t.find("with \"quotes\" and spaces"), 1u);
}

}  // namespace
}  // namespace pelsim::models

namespace pelsim::models {
namespace {

TEST(NameTable, LongNamesNumberedNamesAndLeadingZerosAreDistinct) {
  NameTable t;
  const std::vector<std::string> names{"t1",
                                       "t01",
                                       "t001",
                                       "t10",
                                       "1",
                                       "01",
                                       "a_very_long_task_name_0001",
                                       "a_very_long_task_name_0002",
                                       "x12345678901234567890",
                                       "exactly11ch",
                                       "exactly12chr",
                                       "t999999999",
                                       "t1000000000"};
  for (std::size_t i = 0; i < names.size(); ++i) ASSERT_EQ(t.intern(names[i]), i) << names[i];
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(t.name(static_cast<std::uint32_t>(i)), names[i]);
    EXPECT_EQ(*t.find(names[i]), i);
  }
  EXPECT_FALSE(t.find("a_very_long_task_name_0003").has_value());
  EXPECT_FALSE(t.find("t0001").has_value());
}

TEST(NameTable, FindManyAgreesWithFind) {
  NameTable t;
  std::vector<std::string> names;
  for (int i = 0; i < 5000; ++i)
    names.push_back((i % 3 ? "task" : "a_rather_long_prefix_") + std::to_string(i * 7));
  for (const auto& n : names) t.intern(n);
  names.push_back("missing");
  std::vector<std::string_view> views(names.begin(), names.end());
  std::vector<std::uint32_t> ids(views.size());
  t.find_many(views.data(), views.size(), ids.data());
  for (std::size_t i = 0; i + 1 < names.size(); ++i) EXPECT_EQ(ids[i], i);
  EXPECT_EQ(ids.back(), NameTable::kNotFound);
}

}  // namespace
}  // namespace pelsim::models

namespace pelsim::models {
namespace {

TEST(NameTable, NumberedNamesOutOfOrderWithStraysAndOtherPrefixes) {
  // Numbered names (prefix "t") go to the direct index, except a stray huge number (which
  // must not allocate gigabytes) and names with another prefix; all must be found again.
  NameTable t;
  std::vector<std::string> names;
  for (int i = 2000; i >= 0; i -= 3) names.push_back("t" + std::to_string(i));
  names.push_back("t999999999");
  names.push_back("task7");
  names.push_back("u5");
  for (int i = 1; i < 2000; i += 3) names.push_back("t" + std::to_string(i));
  for (std::size_t i = 0; i < names.size(); ++i) ASSERT_EQ(t.intern(names[i]), i) << names[i];
  for (std::size_t i = 0; i < names.size(); ++i) {
    bool added = true;
    EXPECT_EQ(t.intern(names[i], &added), i) << names[i];
    EXPECT_FALSE(added);
    EXPECT_EQ(t.name(static_cast<std::uint32_t>(i)), names[i]);
  }
  EXPECT_FALSE(t.find("t3").has_value());  // 2000 - 3k is 2 mod 3, 1 + 3k is 1 mod 3: never 3
  EXPECT_FALSE(t.find("t1000000").has_value());
  std::vector<std::string_view> views(names.begin(), names.end());
  views.push_back("t3");
  std::vector<std::uint32_t> ids(views.size());
  t.find_many(views.data(), views.size(), ids.data());
  for (std::size_t i = 0; i < names.size(); ++i) EXPECT_EQ(ids[i], i) << names[i];
  EXPECT_EQ(ids.back(), NameTable::kNotFound);
}

}  // namespace
}  // namespace pelsim::models

namespace pelsim::models {
namespace {

// t0, t1, ... in order (no direct array stored), then each way of leaving that mode.
void expect_all_found(const NameTable& t, const std::vector<std::string>& names) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(t.name(static_cast<std::uint32_t>(i)), names[i]);
    EXPECT_EQ(*t.find(names[i]), i) << names[i];
  }
  std::vector<std::string_view> views(names.begin(), names.end());
  std::vector<std::uint32_t> ids(views.size());
  t.find_many(views.data(), views.size(), ids.data());
  for (std::size_t i = 0; i < names.size(); ++i) EXPECT_EQ(ids[i], i) << names[i];
}

TEST(NameTable, NamesThatAreTheirOwnIdsThenOthers) {
  for (const std::string next : {"t50", "t3", "x", "t007", "s4"}) {
    NameTable t;
    std::vector<std::string> names;
    for (int i = 0; i < 40; ++i) names.push_back("t" + std::to_string(i));
    for (const auto& n : names) t.intern(n);
    EXPECT_EQ(t.intern("t39"), 39u);
    EXPECT_FALSE(t.find("t40").has_value());
    bool added = false;
    const std::uint32_t id = t.intern(next, &added);
    if (next == "t3") {
      EXPECT_FALSE(added);
      EXPECT_EQ(id, 3u);
      continue;
    }
    EXPECT_TRUE(added) << next;
    names.push_back(next);
    names.push_back("t40");
    names.push_back("t41");
    EXPECT_EQ(t.intern("t40"), 41u);
    EXPECT_EQ(t.intern("t41"), 42u);
    expect_all_found(t, names);
    EXPECT_FALSE(t.find("t42").has_value()) << next;
  }
}

}  // namespace
}  // namespace pelsim::models

namespace pelsim::models {
namespace {

TEST(NameTable, NamesLeftOutAreWrittenOnFirstUseAndKeptInStepAfterwards) {
  NameTable t;
  for (int i = 0; i < 10; ++i) t.intern("t" + std::to_string(i));
  EXPECT_EQ(t.name(3), "t3");  // writes t0..t9
  EXPECT_EQ(t.intern("t10"), 10u);
  EXPECT_EQ(t.name(10), "t10");
  EXPECT_EQ(t.intern("x"), 11u);
  EXPECT_EQ(t.name(11), "x");
  EXPECT_EQ(t.name(9), "t9");
  EXPECT_EQ(*t.find("t10"), 10u);
  NameTable moved = std::move(t);
  EXPECT_EQ(moved.name(0), "t0");
}

}  // namespace
}  // namespace pelsim::models

namespace pelsim::models {
namespace {

// intern_numbered() and find_numbered() are shortcuts of intern() and find() for names the
// caller has split (letters, then 1..9 digits without a leading zero): same ids, same `added`.
TEST(NameTable, SplitNamesGiveTheSameIdsAsIntern) {
  std::vector<std::string> names;
  for (int i = 0; i < 30; ++i) names.push_back("t" + std::to_string(i));  // ids are numbers
  for (const char* n : {"t5", "t31", "t30", "u4", "t29", "x", "t007", "t999999999", "t32", "tt3"})
    names.push_back(n);
  for (int i = 100; i > 40; i -= 7) names.push_back("t" + std::to_string(i));
  NameTable plain;
  NameTable split;
  for (const std::string& n : names) {
    std::size_t digits = 0;
    while (digits < n.size() && n[n.size() - 1 - digits] >= '0' && n[n.size() - 1 - digits] <= '9')
      ++digits;
    const bool splittable = digits >= 1 && digits <= 9 && digits < n.size() &&
                            (digits == 1 || n[n.size() - digits] != '0');
    bool added_plain = false;
    bool added_split = false;
    const std::uint32_t want = plain.intern(n, &added_plain);
    std::uint32_t got = 0;
    if (splittable) {
      const auto number = static_cast<std::uint32_t>(std::stoul(n.substr(n.size() - digits)));
      const std::uint32_t found = split.find_numbered(n, digits, number);
      EXPECT_TRUE(found == NameTable::kNotFound || found == want) << n;
      got = split.intern_numbered(n, digits, number, &added_split);
      const std::uint32_t again = split.find_numbered(n, digits, number);
      EXPECT_TRUE(again == NameTable::kNotFound || again == got) << n;
    } else {
      got = split.intern(n, &added_split);
    }
    EXPECT_EQ(got, want) << n;
    EXPECT_EQ(added_split, added_plain) << n;
  }
  // t0..t29 are ids 0..29; t5 again is 5 (not added); t31 is new: id 30, and so on.
  EXPECT_EQ(*split.find("t31"), 30u);
  EXPECT_EQ(*split.find("t30"), 31u);
  EXPECT_EQ(split.find_numbered("t31", 2, 31), 30u);                 // direct index
  EXPECT_EQ(split.find_numbered("u4", 1, 4), NameTable::kNotFound);  // other prefix: hashed
  EXPECT_EQ(split.find_numbered("t999999999", 9, 999999999), NameTable::kNotFound);  // stray
  EXPECT_EQ(split.size(), plain.size());
  for (std::uint32_t id = 0; id < plain.size(); ++id) EXPECT_EQ(split.name(id), plain.name(id));
}

}  // namespace
}  // namespace pelsim::models
