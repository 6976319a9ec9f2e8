package com.companion.chat;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("com.companion.chat");

  @Test
  void noOtherServiceIsImported() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.companion.character..",
            "com.companion.gateway..",
            "com.companion.safety..",
            "com.companion.inference..",
            "com.companion.edge..")
        .check(CLASSES);
  }

  @Test
  void controllersDoNotTouchSql() {
    noClasses()
        .that()
        .haveSimpleNameEndingWith("Controller")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
        .check(CLASSES);
  }

  @Test
  void neighboursAreReachedOnlyThroughTheirInterfaces() {
    classes()
        .that()
        .resideInAnyPackage("..catalog.internal..", "..model.internal..", "..safety.internal..")
        .should()
        .onlyBeAccessed()
        .byClassesThat()
        .resideInAnyPackage("..catalog..", "..model..", "..safety..", "com.companion.chat")
        .check(CLASSES);
  }
}
