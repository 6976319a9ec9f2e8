package com.companion.testkit;

import static org.awaitility.Awaitility.await;

import com.companion.contracts.events.AccountDeleted;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * What a service's schema records about the account deletions it applied: {@code
 * <schema>.account_deletions} (by the hash of the account id: when the service was done and the
 * event that did it) and {@code <schema>.processed_events} (each event id it applied). A test
 * publishes an {@link AccountDeletedEvent}, then waits here until the service's own consumer has
 * applied it.
 */
public final class AccountDeletionRecords {

  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]*");

  /** How long a consumer may take, on a loaded machine, to join its group and apply an event. */
  private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(60);

  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  private final DataSource dataSource;
  private final String schema;

  public AccountDeletionRecords(DataSource dataSource, String schema) {
    if (!SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException("not a schema name: " + schema);
    }
    this.dataSource = dataSource;
    this.schema = schema;
  }

  /** Waits until the deletion of the account is recorded as done. */
  public void awaitDone(String userId) {
    await().atMost(APPLY_TIMEOUT).pollInterval(POLL_INTERVAL).until(() -> doneAt(userId) != null);
  }

  /** When the service recorded the deletion of the account as done; null while it has not. */
  public Instant doneAt(String userId) {
    List<Timestamp> rows = deletionOf(userId, "done_at", row -> row.getTimestamp(1));
    return rows.isEmpty() || rows.get(0) == null ? null : rows.get(0).toInstant();
  }

  /**
   * The id of the event the service recorded for the deletion of the account.
   *
   * @throws AssertionError unless exactly one deletion is recorded for it
   */
  public String eventId(String userId) {
    List<String> rows = deletionOf(userId, "event_id::text", row -> row.getString(1));
    if (rows.size() != 1) {
      throw new AssertionError(
          "expected one row in " + schema + ".account_deletions, found " + rows.size());
    }
    return rows.get(0);
  }

  /** How many times the event id stands in {@code processed_events}. */
  public int timesProcessed(String eventId) {
    return query(
            "select count(*) from " + schema + ".processed_events where event_id = ?::uuid",
            eventId,
            row -> row.getInt(1))
        .get(0);
  }

  /** Reads a value from the current row. */
  @FunctionalInterface
  private interface Column<T> {
    T read(ResultSet row) throws SQLException;
  }

  /** A column of the account's rows in {@code account_deletions} (one, once it is done). */
  private <T> List<T> deletionOf(String userId, String column, Column<T> read) {
    return query(
        "select " + column + " from " + schema + ".account_deletions where user_hash = ?",
        AccountDeleted.hash(userId),
        read);
  }

  private <T> List<T> query(String sql, String param, Column<T> column) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, param);
      try (ResultSet rows = statement.executeQuery()) {
        List<T> values = new ArrayList<>();
        while (rows.next()) {
          values.add(column.read(rows));
        }
        return values;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
