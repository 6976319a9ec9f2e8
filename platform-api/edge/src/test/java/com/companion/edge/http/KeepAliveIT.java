package com.companion.edge.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.edge.support.EdgeInstance;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Clients that reuse a connection send their next request the moment the last byte of the previous
 * answer arrives, which can be before the server has finished that exchange. A page followed by two
 * problems on one connection is the sequence of a browser opening the app; every request must be
 * answered. (Reactor Netty before 1.3.8 stopped reading such a connection after draining its queue
 * of early requests: the third request waited forever.)
 */
class KeepAliveIT {

  private static final List<String> SEQUENCE =
      List.of("/", "/v1/nothing-here", "/app/missing.js", "/v1/nothing-here", "/");
  private static final int CONNECTIONS = 60;

  @Test
  void everyRequestOnAReusedConnectionIsAnswered() throws IOException {
    int port = EdgeInstance.shared().port();
    List<String> unanswered = new ArrayList<>();
    for (int connection = 0; connection < CONNECTIONS; connection++) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(5_000);
        OutputStream out = socket.getOutputStream();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        for (String path : SEQUENCE) {
          out.write(
              ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          try {
            readResponse(in);
          } catch (SocketTimeoutException e) {
            unanswered.add("connection " + connection + ": " + path);
            break;
          }
        }
      }
    }
    assertThat(unanswered).as("requests with no answer within 5 s").isEmpty();
  }

  /** Reads one response with a Content-Length body (every answer in the sequence has one). */
  private static void readResponse(InputStream in) throws IOException {
    int length = -1;
    String line = readLine(in);
    assertThat(line).startsWith("HTTP/1.1 ");
    while (!(line = readLine(in)).isEmpty()) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    assertThat(length).as("Content-Length").isNotNegative();
    if (in.readNBytes(length).length != length) {
      throw new EOFException("the body ended early");
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new EOFException("the connection closed");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }
}
