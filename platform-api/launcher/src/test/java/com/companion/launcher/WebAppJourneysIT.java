package com.companion.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web app in a real headless Chromium against the whole platform (every service a process, the
 * real model): a creator imports a PNG card, edits its lorebook and publishes it; a moderator
 * approves it; a young user finds it, chats with a streamed reply, swipes, rates and reports, and a
 * dropped connection is continued without a doubled message; the same user edits a message, forks
 * and rewinds the conversation, and pins and unpins memories; another user starts a group chat with
 * two characters and picks who answers; a minor sees the notices and cannot publish; operators see
 * the model's nodes; an admin adds and removes a lexicon term and changes a policy in /moderation,
 * and moderation checks follow; a new account signs in through identity-service (code with PKCE,
 * back on /callback) and signing out revokes its refresh token, even a failed revocation signs out,
 * and a callback that does not match shows why. Every screen is checked with axe-core (WCAG 2.1 A
 * and AA) and photographed at phone size into {@code platform-api/webapp/screenshots/}.
 *
 * <p>It needs Debian's {@code chromium} and {@code chromium-driver} packages and fails, not skips,
 * without them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(Progress.class)
class WebAppJourneysIT {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Generous: CI runs the whole platform and the browser on two shared cores. */
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** A reply from the model on a busy 2-core machine. */
  private static final Duration REPLY_WAIT = Duration.ofSeconds(120);

  private static final String DATABASE = WholePlatformIT.newDatabaseName("companion_web_it_");
  private static LocalPlatform platform;
  private static Settings settings;
  private static String edge;
  private static WebDriver driver;
  private static Path screenshots;
  private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
  private static final String CHARACTER = "Rosalind " + RUN;
  private static String characterId;

  @BeforeAll
  @Timeout(value = 12, unit = TimeUnit.MINUTES) // the readiness wait below, and Chromium's start
  static void start() throws Exception {
    assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
        .as(
            "the browser tests need Debian's Chromium and its driver at %s and %s:"
                + " apt-get install -y chromium chromium-driver",
            CHROMIUM, CHROMEDRIVER)
        .isTrue();
    Path root = WholePlatformIT.repositoryRoot();
    screenshots = root.resolve("platform-api/webapp/screenshots");
    Files.createDirectories(screenshots);
    String attached = System.getProperty("webapp.it.edge-url");
    if (attached != null) {
      edge = attached;
    } else {
      Path dataDir = root.resolve("platform-api/launcher/target/webapp-platform");
      Files.createDirectories(dataDir);
      List<String> args = new ArrayList<>();
      args.add("--data-dir=" + dataDir);
      args.add("--database=" + DATABASE);
      args.addAll(WholePlatformIT.freePortArguments());
      settings = Settings.from(root, args);
      platform = new LocalPlatform(settings);
      // services took 4-5 minutes each to start on two cores shared with other builds
      Map<String, Boolean> ready = platform.start(Duration.ofMinutes(10));
      assertThat(ready).as("readiness; logs in " + settings.logDir()).doesNotContainValue(false);
      edge = "http://127.0.0.1:" + settings.edgePort();
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=390,844",
        "--lang=en-US");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
  }

  @AfterAll
  static void stop() {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      if (platform != null) {
        platform.close();
        WholePlatformIT.dropDatabase(settings, DATABASE);
      }
    }
  }

  @Test
  @Order(1)
  void pagesAreServedAndApiPathsStillAnswerProblems() throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            // plain HTTP/1.1 as the apps speak it, no h2c upgrade attempt on the first request
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    for (String page : List.of("/", "/studio", "/moderation", "/ops/models")) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(edge + page)).timeout(WAIT).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(page).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).get().asString().contains("html");
      assertThat(response.body()).contains("/app/main.js");
    }
    HttpResponse<String> unknown =
        http.send(
            HttpRequest.newBuilder(URI.create(edge + "/v1/nothing-here")).timeout(WAIT).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unknown.statusCode()).isIn(401, 404);
    assertThat(unknown.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .contains("application/problem+json");
    HttpResponse<String> missingFile =
        http.send(
            HttpRequest.newBuilder(URI.create(edge + "/app/missing.js")).timeout(WAIT).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(missingFile.statusCode()).isEqualTo(404);
    assertThat(missingFile.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .contains("application/problem+json");
  }

  @Test
  @Order(2)
  void signInShowsTheProblemDetailOfABadAnswer() {
    open("/studio");
    signInForm("not a valid name!", "glow", "adult", List.of("creator"));
    WebElement error = waitFor(By.id("signin-error"));
    wait(WAIT).until(d -> !error.getText().isBlank());
    assertThat(error.getText()).contains("user must be");
    screenshot("01-sign-in");
    checkAccessibility("sign-in");
  }

  @Test
  @Order(3)
  void creatorImportsPngCardEditsTheLorebookAndPublishes() throws Exception {
    signIn("/studio", "ada-" + RUN, "glow", "adult", List.of("creator"));
    Path card = Files.createTempFile("card", ".png");
    Files.write(
        card,
        WholePlatformIT.pngWithCard(
            """
            {"spec": "chara_card_v2", "spec_version": "2.0", "data": {"name": "%s",
             "description": "A witty exile in the Forest of Arden. 森林里的流亡者，机智又勇敢。",
             "personality": "clever, warm", "first_mes": "Well met, {{user}}, in the forest.",
             "tags": ["comedy", "shakespeare"]}}
            """
                .formatted(CHARACTER)));
    waitFor(By.id("dropzone"));
    driver.findElement(By.id("import-file")).sendKeys(card.toString());
    wait(WAIT).until(ExpectedConditions.urlContains("#/edit/"));
    characterId = driver.getCurrentUrl().replaceAll(".*#/edit/", "");
    waitFor(By.id("card-name"));
    assertThat(driver.findElement(By.id("card-name")).getAttribute("value")).isEqualTo(CHARACTER);

    click(By.id("add-entry"));
    WebElement entry = driver.findElements(By.cssSelector("#lorebook .lb-entry")).getLast();
    entry.findElement(By.cssSelector(".lb-keys")).sendKeys("Arden, forest");
    entry.findElement(By.cssSelector(".lb-secondary")).sendKeys("exile");
    entry
        .findElement(By.cssSelector(".lb-content"))
        .sendKeys("The Forest of Arden shelters exiles.");
    WebElement order = entry.findElement(By.cssSelector(".lb-order"));
    order.clear();
    order.sendKeys("50");
    new Select(entry.findElement(By.cssSelector(".lb-position"))).selectByValue("after_char");
    assertThat(driver.findElement(By.id("preview-lore")).getText()).contains("1");
    click(By.id("save-character"));
    wait(WAIT).until(d -> d.findElement(By.id("editor-status")).getText().length() > 0);
    WebElement saved = driver.findElements(By.cssSelector("#lorebook .lb-entry")).getLast();
    assertThat(saved.findElement(By.cssSelector(".lb-keys")).getAttribute("value"))
        .isEqualTo("Arden, forest");
    assertThat(
            new Select(saved.findElement(By.cssSelector(".lb-position")))
                .getFirstSelectedOption()
                .getAttribute("value"))
        .isEqualTo("after_char");
    screenshot("03-studio-editor");
    checkAccessibility("studio editor");

    new Select(driver.findElement(By.id("visibility"))).selectByValue("public");
    click(By.id("publish"));
    waitFor(By.cssSelector("#publish-status [data-review=pending]"));
    screenshot("04-studio-publish-in-review");
  }

  @Test
  @Order(4)
  void moderatorApprovesTheCharacter() {
    assertThat(characterId).as("the character the creator published").isNotNull();
    signIn("/moderation", "mo-" + RUN, "glow", "adult", List.of("moderator"));
    By item = By.cssSelector("#review-queue [data-character='" + characterId + "']");
    waitFor(item);
    screenshot("05-moderation-review-queue");
    checkAccessibility("moderation queue");
    driver.findElement(item).findElement(By.cssSelector("[data-action=approve]")).click();
    wait(WAIT).until(ExpectedConditions.numberOfElementsToBe(item, 0));
    click(By.id("tab-audit"));
    waitFor(By.cssSelector("#audit"));
    checkAccessibility("audit log");
    // moderators read the lexicon and the policies; only admins may change them
    press(waitFor(By.id("tab-lexicon")));
    waitFor(By.id("rules-read-only"));
    waitFor(By.cssSelector("#lexicon-terms tbody tr"));
    assertThat(driver.findElements(By.id("lexicon-add"))).isEmpty();
    assertThat(driver.findElements(By.cssSelector("[data-action=remove-term]"))).isEmpty();
    checkAccessibility("lexicon, read-only");
    press(waitFor(By.id("tab-policies")));
    waitFor(By.cssSelector("#policy-rules tr[data-category=harassment]"));
    assertThat(driver.findElements(By.cssSelector("#policy-rules input"))).isEmpty();
    checkAccessibility("policies, read-only");
  }

  @Test
  @Order(5)
  void youngUserFindsTheCharacterAndChatsWithAStreamedReply() {
    signIn("/", "fan-" + RUN, "glow", "adult", List.of());
    WebElement search = waitFor(By.id("search"));
    search.sendKeys("流亡者");
    search.submit();
    By card = By.cssSelector("#results [data-character='" + characterId + "']");
    waitFor(card);
    screenshot("06-discover");
    checkAccessibility("discover");
    click(card);
    waitFor(By.id("start-chat"));
    screenshot("07-character");
    checkAccessibility("character page");
    click(By.id("start-chat"));
    waitFor(By.cssSelector("#messages .msg"));
    assertThat(driver.findElement(By.id("messages")).getText()).contains("Well met");

    send("Good morrow! What news from the forest?");
    // the reply is on screen while it is still streaming, piece by piece
    new FluentWait<>(driver)
        .withTimeout(REPLY_WAIT)
        .pollingEvery(Duration.ofMillis(15))
        .until(
            d ->
                !d.findElements(By.cssSelector("#streaming-reply[aria-busy=true] .word"))
                    .isEmpty());
    awaitReplyDone();
    assertNewestMessageClearOfComposer("after the streamed reply");
    screenshot("08-chat-streamed-reply");
    checkAccessibility("chat");
  }

  @Test
  @Order(6)
  void swipesRatesAndReportsAReply() {
    By last = By.cssSelector("#messages .msg.theirs:last-child");
    wait(WAIT)
        .until(d -> d.findElement(last).findElement(By.cssSelector("[data-action=regenerate]")));
    press(driver.findElement(last).findElement(By.cssSelector("[data-action=regenerate]")));
    awaitReplyDone();
    wait(WAIT)
        .until(
            d ->
                d.findElement(last)
                    .findElement(By.cssSelector(".swipe-pos"))
                    .getText()
                    .equals("2/2"));
    press(driver.findElement(last).findElement(By.cssSelector("[data-action=prev]")));
    wait(WAIT)
        .until(
            d ->
                d.findElement(last)
                    .findElement(By.cssSelector(".swipe-pos"))
                    .getText()
                    .equals("1/2"));

    press(driver.findElement(last).findElement(By.cssSelector("[data-stars='3']")));
    wait(WAIT)
        .until(
            d ->
                "true"
                    .equals(
                        d.findElement(last)
                            .findElement(By.cssSelector("[data-stars='3']"))
                            .getAttribute("aria-pressed")));

    press(driver.findElement(last).findElement(By.cssSelector("[data-action=report]")));
    WebElement reason = driver.findElement(last).findElement(By.cssSelector("form.report select"));
    new Select(reason).selectByValue("harassment");
    press(driver.findElement(last).findElement(By.cssSelector("[data-action=send-report]")));
    waitFor(By.cssSelector("[data-report=sent]"));
    screenshot("09-chat-swipe-rate-report");
    checkAccessibility("chat actions");
  }

  @Test
  @Order(7)
  void aDroppedConnectionIsContinuedWithTheSameKeyAndNeverDoublesAMessage() throws Exception {
    // the network drops right after the first piece of the reply; the server finishes the turn
    js(
        """
        const realFetch = window.fetch;
        window.__keys = [];
        window.fetch = async (input, init) => {
          const url = typeof input === 'string' ? input : input.url;
          const isSend = init && init.method === 'POST' && /\\/messages$/.test(url);
          if (isSend) window.__keys.push(init.headers['Idempotency-Key']);
          const response = await realFetch(input, init);
          if (!isSend || window.__dropped) return response;
          window.__dropped = true;
          const reader = response.body.getReader();
          let cut = false;
          let deltas = 0;
          const body = new ReadableStream({
            async pull(controller) {
              if (cut) {
                (async () => { while (!(await reader.read()).done) {} })();
                controller.error(new TypeError('network connection lost'));
                return;
              }
              const { value, done } = await reader.read();
              if (done) { controller.close(); return; }
              controller.enqueue(value);
              // cut after the second delta event begins, so the first one arrived whole
              deltas += (new TextDecoder().decode(value).match(/event:delta/g) || []).length;
              if (deltas >= 2) cut = true;
            },
          });
          return new Response(body, { status: response.status, headers: response.headers });
        };
        """);
    String text = "Tell me of Arden " + RUN;
    send(text);
    WebElement resume = waitFor(By.cssSelector("[data-action=continue]"), REPLY_WAIT);
    assertThat(driver.findElement(By.cssSelector(".msg.interrupted .text")).getText())
        .as("what arrived before the connection dropped")
        .isNotBlank();
    screenshot("10-chat-connection-lost");
    checkAccessibility("connection lost");
    press(resume);
    awaitReplyDone();
    wait(REPLY_WAIT).until(d -> d.findElements(By.cssSelector("[data-action=continue]")).isEmpty());

    @SuppressWarnings("unchecked")
    List<String> keys = (List<String>) js("return window.__keys;");
    assertThat(keys).hasSizeGreaterThanOrEqualTo(2);
    assertThat(keys.stream().distinct().count()).as("every try used the same key").isEqualTo(1);

    String conversation = driver.getCurrentUrl().replaceAll(".*#/chat/", "");
    JsonNode messages =
        JSON.readTree(
            (String)
                ((JavascriptExecutor) driver)
                    .executeAsyncScript(
                        """
                        const done = arguments[arguments.length - 1];
                        fetch('/v1/conversations/' + arguments[0] + '/messages?limit=50',
                              {headers: {Authorization: 'Bearer ' + localStorage.getItem('companion.token')}})
                          .then((r) => r.text()).then(done, (e) => done(String(e)));
                        """,
                        conversation));
    List<JsonNode> sent = new ArrayList<>();
    List<JsonNode> replies = new ArrayList<>();
    for (JsonNode message : messages.get("items")) {
      if ("user".equals(message.get("role").asString())
          && text.equals(message.get("content").asString())) {
        sent.add(message);
      }
    }
    assertThat(sent).as("the message is stored once").hasSize(1);
    String sentId = sent.getFirst().get("id").asString();
    for (JsonNode message : messages.get("items")) {
      if (sentId.equals(message.path("parent_id").asString(""))) {
        replies.add(message);
      }
    }
    assertThat(replies).as("one reply to it").hasSize(1);
    assertThat(
            driver.findElements(By.cssSelector("#messages .msg.mine .text")).stream()
                .filter(e -> e.getText().equals(text))
                .count())
        .isEqualTo(1);
  }

  @Test
  @Order(8)
  void editsTheLastMessageForksAndRewindsTheConversation() {
    driver.navigate().refresh();
    String conversation = driver.getCurrentUrl().replaceAll(".*#/chat/", "");
    By mine = By.cssSelector("#messages .msg.mine");
    waitFor(mine);
    WebElement lastMine = driver.findElements(mine).getLast();
    String oldId = lastMine.getAttribute("data-message");
    String oldText = lastMine.findElement(By.cssSelector(".text")).getText();
    String branchPoint = messageById(conversation, oldId).path("parent_id").asString();

    // edit: the message is replaced in place and a new reply streams for the edited text
    press(lastMine.findElement(By.cssSelector("[data-action=edit]")));
    WebElement area = waitFor(By.id("edit-" + oldId));
    assertThat(driver.switchTo().activeElement()).as("the edit box has the focus").isEqualTo(area);
    checkAccessibility("editing a message");
    area.clear();
    String edited = "Tell me instead of the court " + RUN;
    area.sendKeys(edited);
    press(driver.findElement(By.cssSelector("#messages [data-action=save-edit]")));
    awaitReplyDone();
    wait(REPLY_WAIT)
        .until(
            d -> {
              List<WebElement> all = d.findElements(By.cssSelector("#messages .msg"));
              int n = all.size();
              return n >= 2
                  && all.get(n - 2).getText().contains(edited)
                  && all.get(n - 2).getAttribute("data-message") != null
                  && "assistant".equals(all.get(n - 1).getAttribute("data-role"))
                  && all.get(n - 1).getAttribute("data-message") != null;
            });
    assertThat(driver.findElement(By.id("messages")).getText()).doesNotContain(oldText);
    List<WebElement> shown = driver.findElements(By.cssSelector("#messages .msg"));
    String editedId = shown.get(shown.size() - 2).getAttribute("data-message");
    String replyId = shown.getLast().getAttribute("data-message");
    JsonNode editedMessage = messageById(conversation, editedId);
    assertThat(editedMessage.path("content").asString()).isEqualTo(edited);
    assertThat(editedMessage.path("role").asString()).isEqualTo("user");
    assertThat(editedMessage.path("parent_id").asString())
        .as("the edit branches where the old message did")
        .isEqualTo(branchPoint);
    assertThat(messageById(conversation, replyId).path("parent_id").asString())
        .as("the new reply answers the edited message")
        .isEqualTo(editedId);
    screenshot("19-chat-edited-message");
    checkAccessibility("edited message");

    // fork at the edited message: a new conversation holds the history up to it
    List<String> upToEdit = new ArrayList<>();
    for (JsonNode message : history(conversation)) {
      if (!replyId.equals(message.path("id").asString())) {
        upToEdit.add(message.path("content").asString());
      }
    }
    press(
        driver
            .findElement(By.cssSelector("#messages .msg.mine[data-message='" + editedId + "']"))
            .findElement(By.cssSelector("[data-action=fork]")));
    wait(WAIT)
        .until(
            d ->
                d.getCurrentUrl().contains("#/chat/")
                    && !d.getCurrentUrl().endsWith("#/chat/" + conversation));
    String fork = driver.getCurrentUrl().replaceAll(".*#/chat/", "");
    wait(WAIT)
        .until(
            d -> {
              List<WebElement> all = d.findElements(By.cssSelector("#messages .msg"));
              return !all.isEmpty() && all.getLast().getText().contains(edited);
            });
    assertThat(history(fork).stream().map(m -> m.path("content").asString()).toList())
        .as("the fork's history")
        .isEqualTo(upToEdit);
    screenshot("20-chat-fork");
    checkAccessibility("forked conversation");
    press(waitFor(By.cssSelector(".conversation a.back")));
    waitFor(By.cssSelector("#main a[href='#/chat/" + fork + "']"));
    press(waitFor(By.cssSelector("#main a[href='#/chat/" + conversation + "']")));
    waitFor(By.cssSelector("#messages .msg[data-message='" + replyId + "']"));

    // rewind to the first message sent: everything after it leaves the view and the history
    WebElement firstMine = driver.findElements(mine).getFirst();
    String firstId = firstMine.getAttribute("data-message");
    press(firstMine.findElement(By.cssSelector("[data-action=rewind]")));
    wait(WAIT)
        .until(
            d ->
                d.findElements(By.cssSelector("#messages .msg[data-message='" + replyId + "']"))
                    .isEmpty());
    List<String> visible =
        driver.findElements(By.cssSelector("#messages .msg")).stream()
            .map(e -> e.getAttribute("data-message"))
            .toList();
    assertThat(visible).last().isEqualTo(firstId);
    assertThat(driver.findElement(By.id("messages")).getText()).doesNotContain(edited);
    assertThat(history(conversation).stream().map(m -> m.path("id").asString()).toList())
        .as("the history after the rewind")
        .isEqualTo(visible);
    screenshot("21-chat-rewound");
    checkAccessibility("rewound conversation");
  }

  @Test
  @Order(9)
  void pinsMemoriesSeesThemListedAndUnpinsOne() {
    String conversation = driver.getCurrentUrl().replaceAll(".*#/chat/", "");
    By memories = By.cssSelector("#memories li");
    press(waitFor(By.cssSelector(".memory-panel summary")));
    waitFor(By.id("memory-text"));

    // pin the character's greeting, then a note of one's own typed in and sent with Enter
    WebElement greeting = waitFor(By.cssSelector("#messages .msg.theirs"));
    String greetingId = greeting.getAttribute("data-message");
    String greetingText = greeting.findElement(By.cssSelector(".text")).getText();
    press(greeting.findElement(By.cssSelector("[data-action=pin]")));
    wait(WAIT)
        .until(
            d ->
                d.findElements(memories).stream()
                    .anyMatch(e -> e.getText().contains(greetingText)));
    String note = "I am afraid of wolves " + RUN;
    WebElement input = driver.findElement(By.id("memory-text"));
    input.sendKeys(note);
    input.sendKeys(Keys.ENTER);
    wait(WAIT)
        .until(d -> d.findElements(memories).stream().anyMatch(e -> e.getText().contains(note)));
    JsonNode pinned = fetchJson("GET", "/v1/conversations/" + conversation + "/memories", null);
    List<String> contents = new ArrayList<>();
    String fromMessage = null;
    for (JsonNode memory : pinned.get("items")) {
      contents.add(memory.path("content").asString());
      if (greetingId.equals(memory.path("message_id").asString(""))) {
        fromMessage = memory.path("content").asString();
      }
    }
    assertThat(contents).contains(note);
    assertThat(fromMessage).as("the memory pinned from the greeting").isEqualTo(greetingText);
    screenshot("22-chat-pinned-memories");
    checkAccessibility("pinned memories");

    WebElement noteItem =
        driver.findElements(memories).stream()
            .filter(e -> e.getText().contains(note))
            .findFirst()
            .orElseThrow();
    press(noteItem.findElement(By.cssSelector("[data-action=unpin]")));
    wait(WAIT)
        .until(d -> d.findElements(memories).stream().noneMatch(e -> e.getText().contains(note)));
    assertThat(driver.findElement(By.id("memories")).getText()).contains(greetingText);
    assertThat(
            fetchJson("GET", "/v1/conversations/" + conversation + "/memories", null)
                .get("items")
                .valueStream()
                .map(m -> m.path("content").asString())
                .toList())
        .as("the memories after unpinning the note")
        .containsExactly(greetingText);
  }

  /**
   * A second character is published and approved through the API; a young user finds both in
   * discovery, invites the second from the first's page into a group chat, lets whoever fits answer
   * and then picks who answers. Each reply carries its speaker's name from its first words on (the
   * service says whom it chose before the reply), and the name is the speaker the chat service
   * stored. The newest reply stays in view above the composer while it streams and after, unless
   * the user scrolled up to read, and then the page stays where they are.
   */
  @Test
  @Order(10)
  void youngUserStartsAGroupChatAndPicksWhoAnswers() {
    assertThat(characterId).as("the character approved above").isNotNull();
    String second = "Celia " + RUN;
    signIn("/studio", "ada-" + RUN, "glow", "adult", List.of("creator"));
    String secondId =
        fetchJson(
                "POST",
                "/v1/characters",
                JSON.writeValueAsString(
                    Map.of(
                        "name", second,
                        "description", "A loyal cousin who follows her friend into exile.",
                        "personality", "gentle, loyal, playful",
                        "first_mes", "Shall we be merry, {{user}}?",
                        "tags", List.of("comedy", "shakespeare"),
                        "visibility", "private")))
            .path("id")
            .asString();
    fetchJson("POST", "/v1/characters/" + secondId + "/visibility", "{\"visibility\": \"public\"}");
    signIn("/moderation", "mo-" + RUN, "glow", "adult", List.of("moderator"));
    fetchJson(
        "POST",
        "/v1/characters/" + secondId + "/review",
        "{\"decision\": \"approve\", \"reason\": \"fine\"}");
    Map<String, String> namesById = Map.of(characterId, CHARACTER, secondId, second);

    signIn("/", "duo-" + RUN, "glow", "adult", List.of());
    WebElement search = waitFor(By.id("search"));
    // the tab's last query is restored into the box; this one is a new search
    search.clear();
    search.sendKeys(RUN);
    search.submit();
    waitFor(By.cssSelector("#results [data-character='" + secondId + "']"));
    click(By.cssSelector("#results [data-character='" + characterId + "']"));
    WebElement groupSection =
        wait(WAIT)
            .until(
                ExpectedConditions.presenceOfElementLocated(
                    By.xpath("//details[.//*[@id='start-group']]")));
    press(groupSection.findElement(By.tagName("summary")));
    assertThat(
            groupSection.findElements(By.cssSelector("input[name=group]")).stream()
                .map(box -> box.getAttribute("value"))
                .toList())
        .as("the other characters found, not the one on the page")
        .contains(secondId)
        .doesNotContain(characterId);
    press(groupSection.findElement(By.cssSelector("input[name=group][value='" + secondId + "']")));
    screenshot("24-group-invite");
    checkAccessibility("group invitation");
    press(driver.findElement(By.id("start-group")));

    Select speaker = new Select(waitFor(By.id("speaker")));
    String conversation = driver.getCurrentUrl().replaceAll(".*#/chat/", "");
    assertThat(driver.findElement(By.id("conversation-title")).getText())
        .contains(CHARACTER)
        .contains(second);
    assertThat(speaker.getOptions().stream().map(o -> o.getAttribute("value")).toList())
        .as("anyone, then each character")
        .containsExactly("", characterId, secondId);
    assertThat(speaker.getOptions().stream().map(WebElement::getText).toList())
        .contains(CHARACTER, second);
    assertThat(speaker.getFirstSelectedOption().getAttribute("value")).isEmpty();
    waitFor(By.cssSelector("#messages .msg.theirs"));

    // the announcement region is emptied before each send, so what is checked is that reply's
    js("document.getElementById('live').textContent = '';");
    // no character's name in the text, so the service chooses who answers
    send("Good evening, friends! What shall we do tonight?");
    String nameOverTheFirstWords = speakerWhileStreaming();
    awaitReplyDone();
    assertNewestMessageClearOfComposer("after a reply the service gave to whoever fits");
    String answeredBy = lastReplySpeaker(conversation, namesById);
    assertThat(nameOverTheFirstWords)
        .as("the service names whom it chose before the reply's first words")
        .isEqualTo(namesById.get(answeredBy));
    assertThat(driver.findElement(By.id("live")).getAttribute("textContent"))
        .contains(namesById.get(answeredBy));

    // the one who just spoke: left to itself the service would hand the floor to the other
    speaker.selectByValue(answeredBy);
    js("document.getElementById('live').textContent = '';");
    send("Please go on, I am listening.");
    assertThat(speakerWhileStreaming())
        .as("the picked speaker's name over the streaming reply")
        .isEqualTo(namesById.get(answeredBy));
    assertThat(streamingReplyBelowComposer())
        .as("pixels of the streaming reply under the composer")
        .isLessThanOrEqualTo(0.5);
    // the user scrolls up to read: the end of the reply must not pull the page back down
    js("window.scrollTo(0, 0);");
    awaitReplyDone();
    assertThat(((Number) js("return window.scrollY;")).doubleValue())
        .as("where the page is after the reply ended while the user read older messages")
        .isZero();
    js("window.scrollTo(0, document.scrollingElement.scrollHeight);");
    assertThat(lastReplySpeaker(conversation, namesById))
        .as("the picked speaker answers")
        .isEqualTo(answeredBy);
    assertThat(driver.findElement(By.id("live")).getAttribute("textContent"))
        .contains(namesById.get(answeredBy));

    Map<String, String> storedSpeakers =
        history(conversation).stream()
            .filter(m -> "assistant".equals(m.path("role").asString()))
            .collect(
                Collectors.toMap(
                    m -> m.path("id").asString(), m -> m.path("speaker_id").asString()));
    List<WebElement> replies = driver.findElements(By.cssSelector("#messages .msg.theirs"));
    assertThat(replies).as("the greeting and two replies").hasSize(3);
    for (WebElement reply : replies) {
      String id = reply.getAttribute("data-message");
      assertThat(reply.findElement(By.cssSelector(".who")).getText())
          .as("the name over message " + id)
          .isEqualTo(namesById.get(storedSpeakers.get(id)));
    }
    assertNewestMessageClearOfComposer("back at the end of the group chat");
    screenshot("25-group-chat");
    checkAccessibility("group chat");
  }

  @Test
  @Order(11)
  void minorSeesTheNoticesAndCannotPublish() throws Exception {
    signIn("/", "teen-" + RUN, "glow", "minor", List.of("creator"));
    waitFor(By.id("minor-badge"));
    waitFor(By.id("minor-ai-notice"));
    WebElement search = waitFor(By.id("search"));
    // the box holds the tab's last query, an earlier journey's
    search.clear();
    search.sendKeys(CHARACTER);
    search.submit();
    click(By.cssSelector("#results [data-character='" + characterId + "']"));
    click(By.id("start-chat"));
    waitFor(By.cssSelector("#notices [data-notice=ai_disclosure]"));
    screenshot("11-minor-chat-notices");
    checkAccessibility("minor chat");

    open("/studio");
    waitFor(By.id("minor-no-publish"));
    click(By.id("new-character"));
    waitFor(By.id("card-name")).sendKeys("Teen draft " + RUN);
    driver.findElement(By.id("card-description")).sendKeys("My own character.");
    click(By.id("save-character"));
    WebElement visibility = waitFor(By.id("visibility"));
    WebElement publicOption = visibility.findElement(By.cssSelector("option[value=public]"));
    assertThat(publicOption.isEnabled()).as("a minor cannot choose public").isFalse();
    screenshot("12-minor-studio-cannot-publish");
    checkAccessibility("minor studio");
    String id = driver.getCurrentUrl().replaceAll(".*#/edit/", "");
    String answer =
        (String)
            ((JavascriptExecutor) driver)
                .executeAsyncScript(
                    """
                    const done = arguments[arguments.length - 1];
                    fetch('/v1/characters/' + arguments[0] + '/visibility', {method: 'POST',
                          headers: {'Content-Type': 'application/json',
                                    Authorization: 'Bearer ' + localStorage.getItem('companion.token')},
                          body: JSON.stringify({visibility: 'public'})})
                      .then((r) => done(r.status + ' ' + r.headers.get('Content-Type')), (e) => done(String(e)));
                    """,
                    id);
    assertThat(answer).as("the service refuses it too").startsWith("403").contains("problem+json");
  }

  @Test
  @Order(12)
  void languageIsRememberedAndProductsHaveTheirOwnLook() {
    signIn("/", "lin-" + RUN, "xingye", "adult", List.of());
    js("localStorage.removeItem('companion.lang'); location.reload();");
    waitFor(By.id("search"));
    assertThat(driver.findElement(By.tagName("html")).getAttribute("lang"))
        .as("xingye's default language")
        .isEqualTo("zh-CN");
    assertThat(driver.findElement(By.cssSelector(".brand")).getText()).isEqualTo("Xingye");
    screenshot("13-discover-xingye-zh");
    checkAccessibility("discover in Chinese");
    click(By.id("lang-toggle"));
    wait(WAIT).until(d -> "en".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
    driver.navigate().refresh();
    waitFor(By.id("search"));
    assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
    assertThat(driver.findElement(By.id("discover-title")).getText()).isEqualTo("Discover");
  }

  @Test
  @Order(13)
  void operatorsSeeTheModelsNodesAndApiKeys() {
    signIn("/ops", "op-" + RUN, "glow", "adult", List.of("admin"));
    waitFor(By.cssSelector("[data-alias=companion-moe] table.nodes td"));
    screenshot("14-ops-models");
    checkAccessibility("ops models");
    click(By.id("tab-keys"));
    WebElement name = waitFor(By.id("key-name"));
    name.sendKeys("partner " + RUN);
    name.submit();
    waitFor(By.cssSelector("#created-key code"));
    assertThat(driver.findElement(By.id("keys")).getText()).contains("partner " + RUN);
    screenshot("15-ops-api-keys");
    checkAccessibility("ops keys");
  }

  /**
   * An admin adds a lexicon term in /moderation with the keyboard; the lexicon API lists it and a
   * moderation check of a text with the term is flagged; removing it (with a reason) undoes that.
   * The policy editor stores a changed threshold.
   */
  @Test
  @Order(14)
  void adminEditsTheLexiconAndAPolicyAndModerationAppliesThem() throws Exception {
    // letters only: Latin terms match whole words, and digits would be read as look-alikes
    String term =
        "glimmer"
            + RUN.chars()
                .mapToObj(c -> String.valueOf((char) ('g' + Character.digit(c, 16))))
                .collect(Collectors.joining());
    String text = "I met a " + term + " by the river today";
    open("/moderation");
    js("localStorage.setItem('companion.lang', 'en');");
    signIn("/moderation", "root-" + RUN, "glow", "adult", List.of("admin"));
    assertThat(moderate(text).path("categories").path("harassment").asBoolean())
        .as("before the term exists")
        .isFalse();

    click(By.id("tab-lexicon"));
    WebElement input = waitFor(By.id("term-text"));
    new Select(driver.findElement(By.id("term-category"))).selectByValue("harassment");
    new Select(driver.findElement(By.id("term-language"))).selectByValue("en");
    driver.findElement(By.id("term-reason")).sendKeys("new slang " + RUN);
    input.sendKeys(term, Keys.ENTER);
    By row = By.cssSelector("#lexicon-terms tr[data-term='" + term + "']");
    waitFor(row);
    wait(WAIT).until(d -> d.findElement(By.id("lexicon-changes")).getText().contains(term));
    assertThat(driver.switchTo().activeElement().getAttribute("id"))
        .as("focus is back in the term field for the next one")
        .isEqualTo("term-text");
    js(
        "document.querySelector(\"#lexicon-terms tr[data-term='"
            + term
            + "']\").scrollIntoView({block: 'center'});");
    screenshot("17-moderation-lexicon");
    checkAccessibility("moderation lexicon");

    JsonNode listed = fetchJson("GET", "/v1/admin/lexicons?category=harassment&language=en", null);
    assertThat(listed.path("items").valueStream().map(t -> t.path("term").asString()))
        .as("the lexicon API lists the term")
        .contains(term);
    JsonNode flagged = moderate(text);
    assertThat(flagged.path("categories").path("harassment").asBoolean()).isTrue();
    assertThat(flagged.path("action").asString()).isEqualTo("block");
    assertThat(flagged.path("lexicon_version").asLong()).isEqualTo(listed.path("version").asLong());
    JsonNode audit = fetchJson("GET", "/v1/moderation/audit?target_id=" + term, null);
    assertThat(audit.get(0).path("action").asString()).isEqualTo("lexicon.add");
    assertThat(audit.get(0).path("reason").asString()).isEqualTo("new slang " + RUN);

    // removal, by keyboard too: the button opens a reason field, Enter confirms
    WebElement remove =
        driver.findElement(row).findElement(By.cssSelector("[data-action=remove-term]"));
    ((JavascriptExecutor) driver).executeScript("arguments[0].focus();", remove);
    remove.sendKeys(Keys.ENTER);
    WebElement reason = waitFor(By.cssSelector(".confirm-row input"));
    assertThat(driver.switchTo().activeElement()).isEqualTo(reason);
    checkAccessibility("moderation lexicon removal");
    reason.sendKeys("false positive", Keys.ENTER);
    wait(WAIT).until(ExpectedConditions.numberOfElementsToBe(row, 0));
    assertThat(moderate(text).path("categories").path("harassment").asBoolean())
        .as("after the term is removed")
        .isFalse();

    // the policy editor: talkie's minors get offensive language blocked sooner
    JsonNode before = fetchJson("GET", "/v1/admin/policies/talkie/minor", null);
    long expected =
        "talkie".equals(before.path("product").asString())
            ? before.path("version").asLong() + 1
            : 1;
    // the tabs may sit under the sticky header once the lexicon has been scrolled
    press(waitFor(By.id("tab-policies")));
    new Select(waitFor(By.id("policy-product"))).selectByValue("talkie");
    waitFor(By.cssSelector("#policy-rules[data-policy='talkie/adult']"));
    new Select(waitFor(By.id("policy-age"))).selectByValue("minor");
    WebElement blockAt =
        waitFor(
            By.cssSelector(
                "#policy-rules[data-policy='talkie/minor'] tr[data-category=offensive] input[id^=block-]"));
    blockAt.clear();
    blockAt.sendKeys("0.5");
    // a policy change says why, as a lexicon change does
    String why = "stricter for minors " + RUN;
    driver.findElement(By.id("policy-reason")).sendKeys(why, Keys.ENTER);
    wait(WAIT)
        .until(d -> d.findElement(By.id("policy-source")).getText().equals("Version " + expected));
    By listedChange =
        By.cssSelector(
            "#policy-changes li[data-policy='talkie/minor'][data-version='" + expected + "']");
    wait(WAIT).until(d -> d.findElement(listedChange).getText().contains(why));
    js(
        "document.querySelector('#policy-rules tr[data-category=offensive]').scrollIntoView({block: 'center'});");
    screenshot("18-moderation-policy");
    checkAccessibility("moderation policy");
    JsonNode policy = fetchJson("GET", "/v1/admin/policies/talkie/minor", null);
    assertThat(policy.path("version").asLong()).isEqualTo(expected);
    assertThat(policy.path("rules").path("offensive").path("block_at").asDouble()).isEqualTo(0.5);
    assertThat(policy.path("rules").path("sexual/minors"))
        .as("the other categories are kept as they were")
        .isEqualTo(before.path("rules").path("sexual/minors"));
    assertThat(policy.path("reason").asString()).isEqualTo(why);
    assertThat(
            fetchJson("GET", "/v1/moderation/audit?target_id=talkie/minor", null)
                .get(0)
                .path("reason")
                .asString())
        .isEqualTo(why);
  }

  /**
   * After every other journey, so their local sign-ins and shared browser state are untouched: a
   * fresh identity-service account signs in through the real PKCE flow (the sign-in form behind the
   * edge, back on /callback) and can use the app with the identity-issued token.
   */
  @Test
  @Order(15)
  void anAccountSignsInThroughTheIdentityServiceAndSigningOutEndsItsSessionThere()
      throws Exception {
    String fresh = "acct_" + RUN;
    String freshPassword = "lantern-" + UUID.randomUUID();
    HttpClient http =
        HttpClient.newBuilder()
            // plain HTTP/1.1 as the apps speak it, no h2c upgrade attempt on the first request
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpResponse<String> signUp =
        http.send(
            HttpRequest.newBuilder(URI.create(edge + "/v1/accounts"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(
                            Map.of(
                                "username",
                                fresh,
                                "password",
                                freshPassword,
                                "birth_date",
                                "1990-05-17",
                                "product",
                                "glow"))))
                .timeout(WAIT)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    // sign-ups are limited per address in the Redis every local platform on this machine shares:
    // past the limit, a seeded local account (identity-service README) signs in instead
    boolean signedUp = signUp.statusCode() != 429;
    assertThat(signUp.statusCode()).as(signUp.body()).isIn(201, 429);
    String username = signedUp ? fresh : "alex";
    String password = signedUp ? freshPassword : "companion-local-2026";

    open("/");
    js(
        "localStorage.removeItem('companion.token'); localStorage.removeItem('companion.refresh');"
            + " localStorage.removeItem('companion.name'); localStorage.removeItem('companion.idToken');"
            + " localStorage.setItem('companion.lang', 'en');");
    open("/");
    waitFor(By.id("signin-user"));
    checkAccessibility("sign-in with the account button");
    click(By.id("signin-identity"));

    wait(WAIT).until(ExpectedConditions.urlContains("/login"));
    waitFor(By.name("username")).sendKeys(username);
    driver.findElement(By.name("password")).sendKeys(password);
    click(By.cssSelector("form button[type=submit]"));

    WebElement account = waitFor(By.id("account-name"));
    assertThat(account.getText()).isEqualTo(username);
    assertThat(driver.getCurrentUrl()).isEqualTo(edge + "/");
    waitFor(By.id("search"));
    assertThat(js("return sessionStorage.getItem('companion.pkce');"))
        .as("the PKCE verifier is used once")
        .isNull();
    assertThat((String) js("return localStorage.getItem('companion.refresh');"))
        .as("the refresh token is kept")
        .contains("/oauth2/token");
    assertThat((String) js("return localStorage.getItem('companion.idToken');"))
        .as("the ID token is kept for the sign-out")
        .isNotBlank();
    // the identity-issued token is one every service accepts: chat-service answers with it
    String answer =
        (String)
            ((JavascriptExecutor) driver)
                .executeAsyncScript(
                    """
                    const done = arguments[arguments.length - 1];
                    fetch('/v1/conversations?limit=1', {headers:
                          {Authorization: 'Bearer ' + localStorage.getItem('companion.token')}})
                      .then((r) => done(String(r.status)), (e) => done(String(e)));
                    """);
    assertThat(answer).isEqualTo("200");
    screenshot("16-signed-in-with-account");

    // signing out revokes the refresh token at identity-service: the old one no longer refreshes
    String refreshToken =
        JSON.readTree((String) js("return localStorage.getItem('companion.refresh');"))
            .path("token")
            .asString();
    // signing out leaves the page for identity's end-session endpoint, which comes back to "/"
    js("window.__beforeSignOut = true;");
    click(By.id("sign-out"));
    wait(WAIT).until(d -> js("return window.__beforeSignOut === undefined;").equals(Boolean.TRUE));
    waitFor(By.id("signin-identity"));
    assertThat(driver.getCurrentUrl()).isEqualTo(edge + "/");
    assertThat(js("return localStorage.getItem('companion.refresh');")).isNull();
    assertThat(js("return localStorage.getItem('companion.idToken');")).isNull();
    // identity's own sign-in session ended too: the next sign-in asks for the password again
    // instead of going straight through as this account (a shared family tablet)
    click(By.id("signin-identity"));
    wait(WAIT).until(ExpectedConditions.urlContains("/login"));
    waitFor(By.name("password"));
    open("/");
    waitFor(By.id("signin-identity"));
    HttpResponse<String> refresh =
        http.send(
            HttpRequest.newBuilder(URI.create(edge + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "grant_type=refresh_token&client_id=companion-web&refresh_token="
                            + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8)))
                .timeout(WAIT)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(400);
    assertThat(JSON.readTree(refresh.body()).path("error").asString()).isEqualTo("invalid_grant");
  }

  /** A revocation that cannot reach identity-service still signs the user out of this browser. */
  @Test
  @Order(16)
  void signingOutWhileTheIdentityServiceCannotBeReachedStillSignsOut() {
    signIn("/", "leaver-" + RUN, "glow", "adult", List.of());
    js(
        """
        localStorage.setItem('companion.refresh', JSON.stringify(
          {token: 'a-refresh-token', endpoint: location.origin + '/oauth2/token'}));
        const realFetch = window.fetch;
        window.__revocations = 0;
        window.fetch = (input, init) => {
          if (String(input).includes('/oauth2/revoke')) {
            window.__revocations += 1;
            return Promise.reject(new TypeError('network unreachable'));
          }
          return realFetch(input, init);
        };
        """);
    click(By.id("sign-out"));
    waitFor(By.id("signin-user"));
    assertThat(js("return window.__revocations;")).isEqualTo(1L);
    assertThat(js("return localStorage.getItem('companion.token');")).isNull();
    assertThat(js("return localStorage.getItem('companion.refresh');")).isNull();
  }

  @Test
  @Order(17)
  void aCallbackThatDoesNotMatchTheSignInShowsWhyAndTheWayBack() {
    open("/");
    js("localStorage.setItem('companion.lang', 'en');");
    open("/callback?code=x&state=wrong");
    WebElement error = waitFor(By.id("signin-callback-error"));
    assertThat(error.getText()).contains("could not be checked");
    assertThat(driver.getCurrentUrl())
        .as("the code is not left in the address")
        .endsWith("/callback");
    checkAccessibility("sign-in callback error");
    click(By.id("signin-again"));
    wait(WAIT).until(ExpectedConditions.urlToBe(edge + "/"));
  }

  /**
   * The operators' growth dashboard: today's figures from the chat journeys above reach it through
   * Kafka and growth-analytics, and so does the model's quality per version, with the quality
   * guard's verdict line.
   */
  @Test
  @Order(18)
  void operatorsSeeTodaysGrowthFiguresAndTheModelsQuality() {
    signIn("/ops", "growth-" + RUN, "glow", "adult", List.of("admin"));
    js("localStorage.setItem('companion.lang', 'en');");
    click(By.id("tab-growth"));
    String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    By todaysRow = By.xpath("//table[contains(@class,'daily')]//tr[td[1][text()='" + today + "']]");
    By modelRow = By.cssSelector("[data-quality-alias=companion-moe] tbody tr");
    // the figures arrive within a minute of the events; the page reads them once, so reload
    wait(Duration.ofSeconds(150))
        .pollingEvery(Duration.ofSeconds(3))
        .until(
            d -> {
              List<WebElement> day = d.findElements(todaysRow);
              if (!day.isEmpty()
                  && Integer.parseInt(
                          day.getFirst().findElements(By.tagName("td")).get(1).getText())
                      >= 1
                  && !d.findElements(modelRow).isEmpty()) {
                return true;
              }
              d.navigate().refresh();
              return false;
            });
    List<WebElement> quality = driver.findElement(modelRow).findElements(By.tagName("td"));
    assertThat(quality.get(0).getText()).as("the version").isEqualTo("v1");
    assertThat(Integer.parseInt(quality.get(1).getText()))
        .as("its turns")
        .isGreaterThanOrEqualTo(1);
    assertThat(driver.findElement(By.cssSelector("[data-quality-alias=companion-moe]")).getText())
        .contains("Quality guard");
    js("document.querySelector('[data-quality-alias=companion-moe]').scrollIntoView();");
    screenshot("23-ops-growth");
    checkAccessibility("ops growth");
  }

  // ------------------------------------------------------------------ helpers

  /** A call to the API from the page, with the signed-in user's token; the answer as JSON. */
  private static JsonNode fetchJson(String method, String path, String body) {
    String answer =
        (String)
            ((JavascriptExecutor) driver)
                .executeAsyncScript(
                    """
                    const done = arguments[arguments.length - 1];
                    const headers = {Authorization: 'Bearer ' + localStorage.getItem('companion.token')};
                    if (arguments[2] !== null) headers['Content-Type'] = 'application/json';
                    fetch(arguments[1], {method: arguments[0], headers, body: arguments[2] ?? undefined})
                      .then((r) => r.text().then((t) => done(JSON.stringify({status: r.status, body: t}))),
                            (e) => done(JSON.stringify({status: 0, body: String(e)})));
                    """,
                    method,
                    path,
                    body);
    JsonNode reply = JSON.readTree(answer);
    assertThat(reply.path("status").asInt())
        .as(method + " " + path + ": " + reply.path("body").asString())
        .isBetween(200, 299);
    return JSON.readTree(reply.path("body").asString());
  }

  /** The conversation's messages as the API has them, oldest first as the page shows them. */
  private static List<JsonNode> history(String conversation) {
    List<JsonNode> items = new ArrayList<>();
    fetchJson("GET", "/v1/conversations/" + conversation + "/messages?limit=50", null)
        .get("items")
        .forEach(items::add);
    return items;
  }

  private static JsonNode messageById(String conversation, String id) {
    return history(conversation).stream()
        .filter(m -> id.equals(m.path("id").asString()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no message " + id + " in " + conversation));
  }

  /** The first result of a moderation check of {@code text} under the signed-in user's policy. */
  private static JsonNode moderate(String text) {
    JsonNode answer =
        fetchJson("POST", "/v1/moderations", JSON.writeValueAsString(Map.of("input", text)));
    return answer.path("results").get(0).deepCopy();
  }

  private static void open(String path) {
    driver.get(edge + path);
  }

  private static void signIn(
      String path, String user, String product, String age, List<String> roles) {
    open(path);
    js("localStorage.removeItem('companion.token');");
    open(path);
    waitFor(By.id("signin-user"));
    signInForm(user, product, age, roles);
    wait(WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("sign-out")));
  }

  private static void signInForm(String user, String product, String age, List<String> roles) {
    new Select(waitFor(By.id("signin-product"))).selectByValue(product);
    // choosing a product re-themes the page: find the form again
    WebElement name = waitFor(By.id("signin-user"));
    name.clear();
    name.sendKeys(user);
    for (String role : List.of("creator", "moderator", "admin")) {
      WebElement box = driver.findElement(By.id("signin-role-" + role));
      if (box.isSelected() != roles.contains(role)) {
        box.click();
      }
    }
    driver.findElement(By.id("signin-age-" + age)).click();
    click(By.id("signin-submit"));
  }

  private static void send(String text) {
    WebElement composer = waitFor(By.id("composer"));
    composer.sendKeys(text);
    click(By.id("send"));
  }

  private static void awaitReplyDone() {
    wait(REPLY_WAIT)
        .until(
            d ->
                d.findElements(By.cssSelector("#messages .msg.streaming")).isEmpty()
                    && d.findElement(By.id("send")).isEnabled());
  }

  /**
   * The name over the reply while it is still streaming, read in one script so the reply cannot end
   * between finding it and reading it.
   */
  private static String speakerWhileStreaming() {
    return new FluentWait<>(driver)
        .withTimeout(REPLY_WAIT)
        .pollingEvery(Duration.ofMillis(15))
        .until(
            d ->
                (String)
                    js(
                        """
                        const reply = document.querySelector('#streaming-reply[aria-busy=true]');
                        return reply && reply.querySelector('.word')
                          ? reply.querySelector('.who').textContent : null;
                        """));
  }

  /**
   * The newest message ends above the sticky composer, so its last line and its buttons can be read
   * and pressed (rectangles as the browser lays them out, at phone size).
   */
  private static void assertNewestMessageClearOfComposer(String when) {
    @SuppressWarnings("unchecked")
    Map<String, Object> rects =
        (Map<String, Object>)
            js(
                """
                const last = document.querySelector('#messages .msg:last-child').getBoundingClientRect();
                const composer = document.querySelector('form.composer').getBoundingClientRect();
                return {lastBottom: last.bottom, composerTop: composer.top,
                  viewport: window.innerWidth + 'x' + window.innerHeight};
                """);
    assertThat(((Number) rects.get("lastBottom")).doubleValue())
        .as(
            "the newest message's bottom edge %s, against the composer's top (%s, viewport %s)",
            when, rects.get("composerTop"), rects.get("viewport"))
        .isLessThanOrEqualTo(((Number) rects.get("composerTop")).doubleValue() + 0.5);
  }

  /**
   * How far the streaming reply reaches under the composer (negative: it ends above it), read in
   * one script while the reply still grows.
   */
  private static double streamingReplyBelowComposer() {
    return new FluentWait<>(driver)
        .withTimeout(REPLY_WAIT)
        .pollingEvery(Duration.ofMillis(15))
        .until(
            d ->
                (Number)
                    js(
                        """
                        const reply = document.querySelector('#streaming-reply[aria-busy=true]');
                        if (!reply || !reply.querySelector('.word')) return null;
                        return reply.getBoundingClientRect().bottom
                          - document.querySelector('form.composer').getBoundingClientRect().top;
                        """))
        .doubleValue();
  }

  /**
   * Who the chat service says wrote the newest reply, after checking that the page shows that
   * character's name over it.
   */
  private static String lastReplySpeaker(String conversation, Map<String, String> namesById) {
    WebElement reply = driver.findElements(By.cssSelector("#messages .msg")).getLast();
    assertThat(reply.getAttribute("data-role")).isEqualTo("assistant");
    String speakerId =
        messageById(conversation, reply.getAttribute("data-message")).path("speaker_id").asString();
    assertThat(namesById).as("a character of the group wrote it").containsKey(speakerId);
    assertThat(reply.findElement(By.cssSelector(".who")).getText())
        .as("the name over the reply")
        .isEqualTo(namesById.get(speakerId));
    return speakerId;
  }

  private static WebElement waitFor(By by) {
    return waitFor(by, WAIT);
  }

  private static WebElement waitFor(By by, Duration timeout) {
    return wait(timeout).until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /** Clicks once the element is there, again if the page re-rendered it meanwhile. */
  private static void click(By by) {
    wait(WAIT)
        .until(
            d -> {
              WebElement element = ExpectedConditions.elementToBeClickable(by).apply(d);
              if (element == null) {
                return false;
              }
              element.click();
              return true;
            });
  }

  /** Waits that say what the page showed: its alerts name the problem when a step fails. */
  private static WebDriverWait wait(Duration timeout) {
    WebDriverWait wait =
        new WebDriverWait(driver, timeout) {
          @Override
          protected RuntimeException timeoutException(String message, Throwable last) {
            String alerts =
                driver.findElements(By.cssSelector("[role=alert]")).stream()
                    .map(WebElement::getText)
                    .filter(text -> !text.isBlank())
                    .collect(Collectors.joining(" | "));
            String main =
                driver.findElements(By.id("main")).stream()
                    .map(WebElement::getText)
                    .collect(Collectors.joining());
            return super.timeoutException(
                message
                    + "; page "
                    + driver.getCurrentUrl()
                    + ", alerts: ["
                    + alerts
                    + "], text: "
                    + main.substring(0, Math.min(main.length(), 600)),
                last);
          }
        };
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  /** Clicks an element in the middle of the screen, clear of the sticky header and composer. */
  private static void press(WebElement element) {
    ((JavascriptExecutor) driver)
        .executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
    element.click();
  }

  private static Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  private static void screenshot(String name) {
    try {
      Path shot =
          ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(shot, screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** axe-core's WCAG 2.1 A and AA rules: no violation on the screen as it is now. */
  private static void checkAccessibility(String screen) {
    Results results =
        new AxeBuilder()
            .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
            .analyze(driver);
    List<Rule> violations = results.getViolations();
    assertThat(violations)
        .as(
            "axe-core violations on %s: %s",
            screen,
            violations.stream()
                .map(
                    v ->
                        v.getId()
                            + " ("
                            + v.getNodes().stream()
                                .map(n -> String.valueOf(n.getTarget()))
                                .collect(Collectors.joining(", "))
                            + ")")
                .collect(Collectors.joining("; ")))
        .isEmpty();
  }
}
