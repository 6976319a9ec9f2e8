package com.companion.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The layering rules every service checks in its {@code ArchitectureTest}: package by feature, a
 * feature's machinery in its {@code internal} package reached only from that feature, and no cycles
 * between features.
 */
public final class ArchitectureRules {

  private ArchitectureRules() {}

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
