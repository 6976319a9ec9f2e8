package com.companion.analytics.readmodel;

import com.companion.analytics.figure.Figure;
import com.companion.analytics.figure.FigureKey;
import com.companion.analytics.figure.FigureKind;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code analytics.figures} table: the read model the API answers from. */
public final class FigureRows {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<Map<String, Long>> FIELDS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;
  private final TransactionTemplate transactions;

  public FigureRows(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
    this.batch = new JdbcTemplate(dataSource);
    this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  /** One figure's row as the API reads it. */
  public record Row(FigureKey key, Map<String, Long> fields) {

    public long get(String field) {
      return fields.getOrDefault(field, 0L);
    }
  }

  /**
   * Stores the figures' latest values, in one transaction, except where a newer revision is already
   * there (a partition that moved between instances may deliver a few older values again).
   */
  public void upsert(Map<FigureKey, Figure> figures) {
    if (figures.isEmpty()) {
      return;
    }
    List<Object[]> rows =
        figures.entrySet().stream()
            .map(
                e ->
                    new Object[] {
                      e.getKey().asString(),
                      e.getKey().kind().id(),
                      e.getKey().product(),
                      Date.valueOf(e.getKey().day()),
                      e.getKey().subject(),
                      JSON.writeValueAsString(e.getValue().fields()),
                      e.getValue().revision()
                    })
            .toList();
    transactions.executeWithoutResult(
        status ->
            batch.batchUpdate(
                """
                insert into analytics.figures
                    (figure_key, kind, product, day, subject, fields, revision, updated_at)
                values (?, ?, ?, ?, ?, ?::jsonb, ?, now())
                on conflict (figure_key) do update
                   set fields = excluded.fields, revision = excluded.revision, updated_at = now()
                 where analytics.figures.revision < excluded.revision
                """,
                rows));
  }

  /** Figures of one kind and product between two days, inclusive. */
  public List<Row> find(FigureKind kind, String product, LocalDate from, LocalDate to) {
    return jdbc.sql(
            """
            select kind, product, day, subject, fields::text as fields from analytics.figures
             where kind = ? and product = ? and day between ? and ?
             order by day, subject
            """)
        .params(kind.id(), product, Date.valueOf(from), Date.valueOf(to))
        .query(FigureRows::row)
        .list();
  }

  /** Figures of one kind, product and subject between two days, inclusive. */
  public List<Row> find(
      FigureKind kind, String product, String subject, LocalDate from, LocalDate to) {
    return jdbc.sql(
            """
            select kind, product, day, subject, fields::text as fields from analytics.figures
             where kind = ? and product = ? and subject = ? and day between ? and ?
             order by day
            """)
        .params(kind.id(), product, subject, Date.valueOf(from), Date.valueOf(to))
        .query(FigureRows::row)
        .list();
  }

  /** Figures of one kind and product on one day, the largest value of {@code field} first. */
  public List<Row> top(FigureKind kind, String product, LocalDate day, String field, int limit) {
    return jdbc.sql(
            """
            select kind, product, day, subject, fields::text as fields from analytics.figures
             where kind = ? and product = ? and day = ?
             order by coalesce((fields ->> ?)::bigint, 0) desc, subject
             limit ?
            """)
        .params(kind.id(), product, Date.valueOf(day), field, limit)
        .query(FigureRows::row)
        .list();
  }

  private static Row row(ResultSet rs, int rowNum) throws SQLException {
    return new Row(
        new FigureKey(
            FigureKind.fromId(rs.getString("kind")),
            rs.getString("product"),
            rs.getDate("day").toLocalDate(),
            rs.getString("subject")),
        JSON.readValue(rs.getString("fields"), FIELDS));
  }

  /** Every figure's key and fields, for comparing a rebuild with the live figures. */
  public Map<String, Map<String, Long>> all() {
    Map<String, Map<String, Long>> all = new java.util.TreeMap<>();
    jdbc.sql("select figure_key, fields::text as fields from analytics.figures")
        .query(
            rs -> {
              all.put(rs.getString("figure_key"), JSON.readValue(rs.getString("fields"), FIELDS));
            });
    return all;
  }
}
