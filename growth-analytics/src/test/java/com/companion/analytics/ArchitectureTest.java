package com.companion.analytics;

import com.companion.testkit.ArchitectureRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "com.companion.analytics",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule noOtherServiceIsImported =
      ArchitectureRules.importsNoOtherService("com.companion.analytics");

  @ArchTest
  static final ArchRule internalPackagesStayInTheirFeature =
      ArchitectureRules.internalPackagesStayInTheirFeature("com.companion.analytics");

  @ArchTest
  static final ArchRule noCyclesBetweenFeatures =
      ArchitectureRules.noCyclesBetweenFeatures("com.companion.analytics");
}
