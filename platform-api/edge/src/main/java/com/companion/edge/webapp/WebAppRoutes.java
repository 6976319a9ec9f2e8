package com.companion.edge.webapp;

import com.companion.edge.product.ProductCatalog;
import com.companion.platform.auth.JwtProperties;
import java.time.Clock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The web app: its static files under {@code /app/**}, the page of each area ({@code /}, {@code
 * /studio}, {@code /moderation}, {@code /ops}; the app routes inside a page itself) and of {@code
 * /callback} (where the identity service sends the browser back with the code), and the two
 * edge-local endpoints the app needs before anyone is signed in ({@code GET /v1/app/config} and, in
 * local mode only, {@code POST /v1/app/local-token}).
 *
 * <p>Only these paths are served; every other path still reaches the gateway routes or the 404
 * problem, which is why static resources are not mapped the usual catch-all way.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebAppProperties.class)
class WebAppRoutes {

  private static final Logger log = LoggerFactory.getLogger(WebAppRoutes.class);

  /** Where the webapp module puts its files on the classpath. */
  static final String LOCATION = "webapp/";

  /**
   * The page's own policy: scripts and styles from this origin only (the app has no inline code),
   * images also from blob: URLs (previews of cards being imported, avatars fetched with a token).
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; img-src 'self' blob: data:; object-src 'none'; base-uri 'none';"
          + " frame-ancestors 'none'; form-action 'self'";

  @Bean
  RouterFunction<ServerResponse> webAppRouter(
      WebAppProperties properties,
      ProductCatalog catalog,
      DataSource dataSource,
      JwtProperties jwt,
      Clock clock)
      throws java.io.IOException {
    Resource files = new ClassPathResource(LOCATION);
    Resource index = files.createRelative("index.html");
    boolean local = properties.localSignIn() && "HS256".equals(jwt.algorithm());
    if (properties.localSignIn() && !local) {
      log.warn("edge.web-app.local-sign-in is ignored: tokens are {}, not HS256", jwt.algorithm());
    }
    AppConfigHandler config = new AppConfigHandler(dataSource, properties, local);
    RouterFunctions.Builder routes =
        RouterFunctions.route()
            .GET("/", request -> page(index))
            .GET("/studio/**", request -> page(index))
            .GET("/moderation/**", request -> page(index))
            .GET("/ops/**", request -> page(index))
            .GET("/callback", request -> page(index))
            .GET("/v1/app/config", config::config);
    if (local) {
      log.info("local sign-in is on: POST /v1/app/local-token mints tokens for anyone");
      routes.POST("/v1/app/local-token", new LocalSignIn(jwt, catalog, clock)::mint);
    }
    return routes
        .build()
        .and(RouterFunctions.resources("/app/**", new ClassPathResource(LOCATION)));
  }

  private static reactor.core.publisher.Mono<ServerResponse> page(Resource index) {
    return ServerResponse.ok()
        .contentType(MediaType.TEXT_HTML)
        .cacheControl(CacheControl.noCache())
        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .bodyValue(index);
  }
}
