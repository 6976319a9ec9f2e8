package com.companion.migrations;

import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the Flyway migrations of every schema ({@code migrations/<schema>/V*.sql}). Each schema
 * keeps its own history table, so services evolve their schemas independently. Used by the
 * launcher, the tests and the Helm pre-install job.
 *
 * <p>Run: {@code java -jar migrations/target/migrations-exec.jar <jdbc-url> [user] [password]}
 */
public final class Migrator {

  /** Every schema, in the order they are migrated. */
  public static final List<String> SCHEMAS =
      List.of("platform", "character", "chat", "safety", "gateway", "identity", "analytics");

  private Migrator() {}

  public static void migrate(DataSource dataSource) {
    for (String schema : SCHEMAS) {
      flyway(Flyway.configure().dataSource(dataSource), schema).migrate();
    }
  }

  public static void migrate(String url, String user, String password) {
    for (String schema : SCHEMAS) {
      MigrateResult result =
          flyway(Flyway.configure().dataSource(url, user, password), schema).migrate();
      System.out.printf(
          "schema %-10s %s%n",
          schema,
          result.migrationsExecuted == 0
              ? "up to date"
              : result.migrationsExecuted
                  + " migration(s) applied, now at version "
                  + result.targetSchemaVersion);
    }
  }

  private static Flyway flyway(
      org.flywaydb.core.api.configuration.FluentConfiguration config, String schema) {
    return config
        .schemas(schema)
        .defaultSchema(schema)
        .createSchemas(true)
        .locations("classpath:db/migration/" + schema)
        .load();
  }

  public static void main(String[] args) {
    String url =
        args.length > 0 ? args[0] : env("DB_URL", "jdbc:postgresql://127.0.0.1:5432/companion");
    String user = args.length > 1 ? args[1] : env("DB_USER", "postgres");
    String password = args.length > 2 ? args[2] : env("DB_PASSWORD", "");
    migrate(url, user, password);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
