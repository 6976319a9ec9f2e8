package com.companion.edge.support;

import com.companion.testkit.Infra;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Products made for one test, with a unique id, in the shared test database. */
public final class TestProducts {

  private TestProducts() {}

  public static String create(
      int requestsPerMinute, int burst, boolean enabled, String... origins) {
    String id = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    JdbcClient.create(Infra.dataSource())
        .sql(
            "insert into platform.products (id, display_name, enabled, requests_per_minute, burst,"
                + " allowed_origins) values (?, ?, ?, ?, ?, ?)")
        .params(id, "Test " + id, enabled, requestsPerMinute, burst, origins)
        .update();
    return id;
  }

  public static void delete(String id) {
    JdbcClient.create(Infra.dataSource())
        .sql("delete from platform.products where id = ?")
        .param(id)
        .update();
  }
}
