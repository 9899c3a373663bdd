#include "python/license.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pycontainer::python {
namespace {

TEST(LicenseTest, SpdxExpressions)
{
  for (const char* valid : {"MIT", "Apache-2.0", "MIT OR Apache-2.0", "GPL-2.0-or-later WITH Classpath-exception-2.0",
                            "(MIT OR Apache-2.0) AND BSD-3-Clause", "((MIT))", "LicenseRef-Acme-1.0",
                            "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2", "GPL-2.0+", "Made-Up-License-9",
                            "  MIT  "}) {
    EXPECT_TRUE(is_spdx_expression(valid)) << valid;
  }
  for (const char* invalid : {"", "MIT OR", "OR MIT", "MIT Apache-2.0", "MIT and Apache-2.0", "(MIT", "MIT)",
                              "MIT WITH", "MIT WITH OR", "WITH", "BSD License", "MIT/X11", "LicenseRef-",
                              "DocumentRef-x:MIT", "LICENSE.txt", "LICENSE", "COPYING", "docs/license.md",
                              "Copyright (c) 2024 Someone\nPermission is hereby granted"}) {
    EXPECT_FALSE(is_spdx_expression(invalid)) << invalid;
  }
}

TEST(LicenseTest, DeepNestingIsRefusedNotOverflowed)
{
  std::string deep(10000, '(');
  deep += "MIT" + std::string(10000, ')');
  EXPECT_FALSE(is_spdx_expression(deep));
}

TEST(LicenseTest, FreeTextCountsOnlyWhenOfWellKnownIds)
{
  EXPECT_EQ(known_spdx_expression("MIT"), "MIT");
  EXPECT_EQ(known_spdx_expression(" Apache-2.0 OR MIT\n"), "Apache-2.0 OR MIT");
  EXPECT_EQ(known_spdx_expression("BSD"), std::nullopt);
  EXPECT_EQ(known_spdx_expression("Proprietary"), std::nullopt);
  EXPECT_EQ(known_spdx_expression("MIT License"), std::nullopt);
  EXPECT_EQ(known_spdx_expression("LICENSE.txt"), std::nullopt);
}

TEST(LicenseTest, ClassifierTable)
{
  EXPECT_EQ(classifiers_license({"Programming Language :: Python", "License :: OSI Approved :: MIT License"}), "MIT");
  EXPECT_EQ(classifiers_license({"License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)"}),
            "GPL-3.0-or-later");
  EXPECT_EQ(classifiers_license({"License :: OSI Approved :: BSD License"}), std::nullopt);
  EXPECT_EQ(classifiers_license({"License :: OSI Approved :: Apache Software License"}), std::nullopt);
  EXPECT_EQ(classifiers_license({"License :: OSI Approved :: MIT License",
                                 "License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)"}),
            std::nullopt); // two licenses: which one, or both, the classifiers do not say
  EXPECT_EQ(classifiers_license({}), std::nullopt);
}

} // namespace
} // namespace pycontainer::python
