package com.companion.testkit;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The layering rules every service checks in its {@code ArchitectureTest}: no other service's code,
 * package by feature, a feature's machinery in its {@code internal} package reached only from that
 * feature, and no cycles between features.
 */
public final class ArchitectureRules {

  /** What every module may use: the shared data, the platform starter and the test kit. */
  static final List<String> SHARED_LIBRARIES =
      List.of("com.companion.contracts", "com.companion.platform", "com.companion.testkit");

  private ArchitectureRules() {}

  /**
   * The module's classes ({@code ownRootPackage..}) use no {@code com.companion} code but their
   * own, the shared libraries' and {@code allowedPackages}' (each with its subpackages). It lists
   * what is allowed rather than the services, so a service added later is kept out without editing
   * every test.
   *
   * @param allowedPackages the module's stated exceptions, e.g. the packages of a library that kept
   *     a service's package names
   */
  public static ArchRule importsNoOtherService(String ownRootPackage, String... allowedPackages) {
    List<String> allowed = new ArrayList<>();
    allowed.add(ownRootPackage);
    allowed.addAll(SHARED_LIBRARIES);
    allowed.addAll(List.of(allowedPackages));
    String[] patterns =
        allowed.stream().map(p -> p.endsWith("..") ? p : p + "..").toArray(String[]::new);
    return noClasses()
        .that()
        .resideInAPackage(ownRootPackage + "..")
        .should()
        .dependOnClassesThat(
            resideInAnyPackage("com.companion..")
                .and(not(resideInAnyPackage(patterns)))
                .as("belong to another service (allowed: %s)", String.join(", ", allowed)));
  }

  /**
   * Classes in {@code <base>.<feature>.internal..} are used only by classes of {@code
   * <base>.<feature>..}: other features go through the feature's public classes.
   */
  public static ArchRule internalPackagesStayInTheirFeature(String basePackage) {
    return classes()
        .that()
        .resideInAPackage(basePackage + ".*.internal..")
        .should(beUsedOnlyFromTheirOwnFeature(basePackage))
        .allowEmptyShould(true);
  }

  /** No cycle between the top-level feature packages of {@code basePackage}. */
  public static ArchRule noCyclesBetweenFeatures(String basePackage) {
    return slices()
        .matching(basePackage + ".(*)..")
        .should()
        .beFreeOfCycles()
        .allowEmptyShould(true);
  }

  private static ArchCondition<JavaClass> beUsedOnlyFromTheirOwnFeature(String basePackage) {
    return new ArchCondition<>("be used only from their own feature") {
      @Override
      public void check(JavaClass internal, ConditionEvents events) {
        String feature = featureOf(basePackage, internal.getPackageName());
        for (Dependency dependency : internal.getDirectDependenciesToSelf()) {
          JavaClass user = dependency.getOriginClass();
          String userFeature = featureOf(basePackage, user.getPackageName());
          if (!feature.equals(userFeature)) {
            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
          }
        }
      }
    };
  }

  /** {@code com.x.chat.turn.internal} with base {@code com.x.chat} is feature {@code turn}. */
  static String featureOf(String basePackage, String packageName) {
    if (!packageName.startsWith(basePackage + ".")) {
      return "";
    }
    String rest = packageName.substring(basePackage.length() + 1);
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }
}
