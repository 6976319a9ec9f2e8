package com.companion.identity;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.companion.testkit.ArchitectureRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "com.companion.identity",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule noOtherServiceIsImported =
      ArchitectureRules.importsNoOtherService("com.companion.identity");

  @ArchTest
  static final ArchRule controllersDoNotWriteSql =
      noClasses()
          .that()
          .haveSimpleNameEndingWith("Controller")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework.jdbc..");

  @ArchTest
  static final ArchRule internalPackagesStayInTheirFeature =
      ArchitectureRules.internalPackagesStayInTheirFeature("com.companion.identity");

  @ArchTest
  static final ArchRule noCyclesBetweenFeatures =
      ArchitectureRules.noCyclesBetweenFeatures("com.companion.identity");
}
