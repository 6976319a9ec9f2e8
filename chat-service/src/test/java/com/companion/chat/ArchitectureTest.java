package com.companion.chat;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.companion.testkit.ArchitectureRules;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
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
        .dependOnClassesThat(
            resideInAnyPackage(
                    "com.companion.character..",
                    "com.companion.gateway..",
                    "com.companion.safety..",
                    "com.companion.inference..",
                    "com.companion.edge..")
                .and(not(SAFETY_ENGINE)))
        .check(CLASSES);
  }

  /**
   * The shared safety engine (platform-api/safety-engine) keeps the packages its classes had in
   * safety-filter; it is a library, not the service, so it is told apart by the jar it comes from.
   */
  private static final DescribedPredicate<JavaClass> SAFETY_ENGINE =
      DescribedPredicate.describe(
          "in the safety-engine library",
          c ->
              c.getSource()
                  .map(source -> source.getUri().toString().contains("safety-engine"))
                  .orElse(false));

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

  /**
   * Other features use a feature's public classes, never its {@code internal} package: the turn,
   * memory and feedback reach conversations through {@code conversation.Conversations}.
   */
  @Test
  void internalPackagesStayInTheirFeature() {
    ArchitectureRules.internalPackagesStayInTheirFeature("com.companion.chat").check(CLASSES);
  }

  @Test
  void noCyclesBetweenFeatures() {
    ArchitectureRules.noCyclesBetweenFeatures("com.companion.chat").check(CLASSES);
  }
}
