package com.companion.chat.bench;

import com.companion.contracts.metrics.PrometheusPage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads a metrics page over HTTP (the bench's readers of the node's and the services' metrics). */
final class MetricsPage {

  private MetricsPage() {}

  /** The page at {@code url}, or an empty one when it cannot be read. */
  static PrometheusPage read(HttpClient http, String url) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          ? PrometheusPage.parse(response.body())
          : PrometheusPage.EMPTY;
    } catch (IOException e) {
      return PrometheusPage.EMPTY;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return PrometheusPage.EMPTY;
    }
  }
}
