package com.companion.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.companion.testkit.ArchitectureRules;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

class ArchitectureTest {

  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("com.companion.gateway");

  @Test
  void noOtherServiceIsImported() {
    ArchitectureRules.importsNoOtherService("com.companion.gateway").check(CLASSES);
  }

  @Test
  void controllersDoNotTouchSql() {
    noClasses()
        .that()
        .areAnnotatedWith(RestController.class)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
        .check(CLASSES);
  }

  @Test
  void internalPackagesStayInsideTheirFeature() {
    ArchitectureRules.internalPackagesStayInTheirFeature("com.companion.gateway").check(CLASSES);
  }

  @Test
  void noCyclesBetweenFeatures() {
    ArchitectureRules.noCyclesBetweenFeatures("com.companion.gateway").check(CLASSES);
  }
}
