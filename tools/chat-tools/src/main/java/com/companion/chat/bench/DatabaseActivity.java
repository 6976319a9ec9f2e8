package com.companion.chat.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the platform's database did, from PostgreSQL's own counters: transactions, and per schema
 * the table scans (each index or sequential scan, which is close to one per read statement) and the
 * rows inserted, updated and deleted. PostgreSQL publishes a backend's counters when it goes idle,
 * up to {@link #SETTLE_MILLIS} later, so a snapshot taken right after a phase would miss some: the
 * bench waits that long first.
 */
final class DatabaseActivity {

  /** The longest a backend's counters wait to be published (PostgreSQL's idle flush interval). */
  static final long SETTLE_MILLIS = 11_000;

  static final String TRANSACTIONS = "transactions";

  private DatabaseActivity() {}

  /**
   * Counters so far: {@value #TRANSACTIONS}, and {@code <schema> scans} and {@code <schema> rows
   * written} per schema; empty when the database cannot be read.
   */
  static Map<String, Long> snapshot(String jdbcUrl) {
    Map<String, Long> counters = new TreeMap<>();
    try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = connection.createStatement()) {
      try (ResultSet rs =
          statement.executeQuery(
              "select xact_commit + xact_rollback from pg_stat_database"
                  + " where datname = current_database()")) {
        if (rs.next()) {
          counters.put(TRANSACTIONS, rs.getLong(1));
        }
      }
      try (ResultSet rs =
          statement.executeQuery(
              "select schemaname, sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)),"
                  + " sum(n_tup_ins + n_tup_upd + n_tup_del)"
                  + " from pg_stat_user_tables group by schemaname")) {
        while (rs.next()) {
          counters.put(rs.getString(1) + " scans", rs.getLong(2));
          counters.put(rs.getString(1) + " rows written", rs.getLong(3));
        }
      }
    } catch (SQLException e) {
      System.err.println("database counters not read: " + e.getMessage());
      return Map.of();
    }
    return counters;
  }

  /** What happened between two snapshots. */
  static Map<String, Long> between(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> spent = new TreeMap<>();
    after.forEach((name, value) -> spent.put(name, value - before.getOrDefault(name, 0L)));
    return spent;
  }
}
