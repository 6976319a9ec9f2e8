package com.companion.testkit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Where a value is still stored in a schema: every text-like column (text, varchar, json, arrays)
 * of every table, searched for it. The generic check after a deletion that nothing was forgotten,
 * including a table added later.
 *
 * @param found table.column → rows holding the value
 * @param checked every table.column searched, so a test can see that the scan reached the tables it
 *     expects
 */
public record SchemaScan(Map<String, Integer> found, List<String> checked) {

  public static SchemaScan of(DataSource dataSource, String schema, String value) {
    Map<String, Integer> found = new LinkedHashMap<>();
    List<String> checked = new ArrayList<>();
    try (Connection connection = dataSource.getConnection()) {
      for (String[] column : textColumns(connection, schema)) {
        String where = column[0] + "." + column[1];
        checked.add(where);
        int rows =
            count(
                connection,
                "select count(*) from \"%s\".\"%s\" where position(? in cast(\"%s\" as text)) > 0"
                    .formatted(schema, column[0], column[1]),
                value);
        if (rows > 0) {
          found.put(where, rows);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("scanning schema " + schema, e);
    }
    return new SchemaScan(found, checked);
  }

  private static List<String[]> textColumns(Connection connection, String schema)
      throws SQLException {
    List<String[]> columns = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            """
            select table_name, column_name from information_schema.columns
            where table_schema = ?
              and data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY')
            order by table_name, column_name
            """)) {
      statement.setString(1, schema);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          columns.add(new String[] {rows.getString(1), rows.getString(2)});
        }
      }
    }
    return columns;
  }

  private static int count(Connection connection, String sql, String value) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, value);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }
}
