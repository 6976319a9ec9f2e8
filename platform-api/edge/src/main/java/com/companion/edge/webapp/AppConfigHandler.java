package com.companion.edge.webapp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.http.CacheControl;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/app/config}: what the app needs before sign-in, the enabled products with their
 * name and settings ({@code default_locale}, {@code theme} colours) and how people sign in.
 */
final class AppConfigHandler {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final DataSource dataSource;
  private final WebAppProperties properties;
  private final boolean localSignIn;

  AppConfigHandler(DataSource dataSource, WebAppProperties properties, boolean localSignIn) {
    this.dataSource = dataSource;
    this.properties = properties;
    this.localSignIn = localSignIn;
  }

  Mono<ServerResponse> config(ServerRequest request) {
    return Mono.fromCallable(this::products)
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            products -> {
              Map<String, Object> signIn = new LinkedHashMap<>();
              signIn.put("local", localSignIn);
              signIn.put(
                  "identity_url",
                  properties.identityUrl() == null ? null : properties.identityUrl().toString());
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("products", products);
              body.put("sign_in", signIn);
              return ServerResponse.ok().cacheControl(CacheControl.noCache()).bodyValue(body);
            });
  }

  private List<Map<String, Object>> products() throws SQLException {
    List<Map<String, Object>> products = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "select id, display_name, settings::text from platform.products where enabled order by id");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("id", rows.getString(1));
        product.put("display_name", rows.getString(2));
        JsonNode settings = JSON.readTree(rows.getString(3));
        product.put("settings", settings);
        products.add(product);
      }
    }
    return products;
  }
}
