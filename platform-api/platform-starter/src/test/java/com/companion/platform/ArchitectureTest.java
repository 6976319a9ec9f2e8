package com.companion.platform;

import com.companion.testkit.ArchitectureRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** What every service runs must not know any service. */
@AnalyzeClasses(
    packages = "com.companion.platform",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule noServiceCode =
      ArchitectureRules.importsNoOtherService("com.companion.platform");

  @ArchTest
  static final ArchRule internalStaysInItsFeature =
      ArchitectureRules.internalPackagesStayInTheirFeature("com.companion.platform");

  @ArchTest
  static final ArchRule noCyclesBetweenFeatures =
      ArchitectureRules.noCyclesBetweenFeatures("com.companion.platform");
}
