package com.companion.edge.support;

import com.companion.edge.EdgeApplication;
import com.companion.edge.product.ProductCatalog;
import com.companion.testkit.Infra;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * An edge replica running in this JVM on a random port, against the shared test infrastructure.
 * {@link #shared()} is the replica most tests use, started once per JVM with a {@link StubUpstream}
 * behind it; its safety-filter route points at a port where nothing listens.
 */
public final class EdgeInstance {

  public static final String CONSOLE_ORIGIN = "https://console.test.example";

  private static EdgeInstance shared;
  private static StubUpstream sharedUpstream;

  private final ConfigurableApplicationContext context;

  private EdgeInstance(ConfigurableApplicationContext context) {
    this.context = context;
  }

  public static synchronized EdgeInstance shared() {
    if (shared == null) {
      sharedUpstream = new StubUpstream();
      Map<String, String> properties = new HashMap<>();
      String upstream = sharedUpstream.url();
      properties.put("edge.character-service-url", upstream);
      properties.put("edge.chat-service-url", upstream);
      properties.put("edge.model-gateway-url", upstream);
      properties.put("edge.growth-analytics-url", upstream);
      properties.put("edge.identity-service-url", upstream);
      properties.put("edge.safety-filter-url", "http://127.0.0.1:" + Infra.freePort());
      shared = start(properties);
    }
    return shared;
  }

  public static synchronized StubUpstream sharedUpstream() {
    shared();
    return sharedUpstream;
  }

  /** Starts a replica; {@code overrides} win over the test infrastructure's settings. */
  public static EdgeInstance start(Map<String, String> overrides) {
    Map<String, String> properties = new HashMap<>(Infra.properties());
    properties.put("server.port", "0");
    properties.put("edge.cors.allowed-origins", CONSOLE_ORIGIN);
    properties.put("spring.main.banner-mode", "off");
    // the test machine is shared and often saturated; a slow Redis answer must not turn into a
    // fail-open that a rate-limit assertion would misread (RedisFailOpenIT sets its own)
    properties.put("edge.rate-limit.redis-timeout", "5s");
    properties.putAll(overrides);
    // command-line arguments, so they win over application.yml like they would in production
    String[] arguments =
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(EdgeApplication.class).run(arguments);
    // Replicas live until the JVM exits: closing one context disposes Reactor Netty's global
    // event loops, which the other replicas in this JVM share.
    Runtime.getRuntime().addShutdownHook(new Thread(context::close));
    return new EdgeInstance(context);
  }

  public int port() {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  public WebTestClient client() {
    // a fresh edge's first request loads a lot: 5 s (the default) is too short on 2 busy cores
    return WebTestClient.bindToServer()
        .baseUrl(url())
        .responseTimeout(java.time.Duration.ofSeconds(30))
        .build();
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  /** Re-reads the product table now instead of waiting for the next refresh. */
  public void refreshProducts() {
    bean(ProductCatalog.class).refresh();
  }
}
