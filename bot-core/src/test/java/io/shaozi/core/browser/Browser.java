package io.shaozi.core.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (no browser download). Without them the tests are
 * skipped on a developer's machine and FAIL under {@code CI=true}: CI must install {@code chromium chromium-driver}.
 * Paths can be moved with {@code SHAOZI_CHROMIUM} and {@code SHAOZI_CHROMEDRIVER}.
 */
final class Browser implements AutoCloseable {
    /** A phone (iPhone 12/13/14 CSS pixels) and a laptop. */
    enum Viewport {
        PHONE(390, 844, true), DESKTOP(1366, 800, false);

        final int width;
        final int height;
        final boolean mobile;

        Viewport(int width, int height, boolean mobile) {
            this.width = width;
            this.height = height;
            this.mobile = mobile;
        }
    }

    static final Path CHROMIUM = Path.of(env("SHAOZI_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(env("SHAOZI_CHROMEDRIVER", "/usr/bin/chromedriver"));

    final ChromeDriver driver;
    final Viewport viewport;
    private final Path profile;
    private final ChromeDriverService service;

    private Browser(ChromeDriver driver, ChromeDriverService service, Path profile, Viewport viewport) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
        this.viewport = viewport;
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    /** Skips (developer machine) or fails (CI) when Chromium or chromedriver is missing. */
    static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (present) {
            return;
        }
        String why = "browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                + " (apt-get install -y chromium chromium-driver)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(why);
        }
        Assumptions.abort(why);
    }

    static Browser open(Viewport v) throws IOException {
        requireChromium();
        Path profile = Files.createTempDirectory("shaozi-chromium-");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--lang=zh-CN", "--user-data-dir=" + profile,
                "--window-size=" + v.width + "," + v.height);
        if (v.mobile) {
            o.setExperimentalOption("mobileEmulation", Map.of(
                    "deviceMetrics", Map.of("width", v.width, "height", v.height, "pixelRatio", 2, "mobile", true,
                            "touch", true),
                    "userAgent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15"
                            + " (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50"));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver d = new ChromeDriver(service, o);
        d.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        if (!v.mobile) {
            // headless windows include no browser chrome: make the page's inner size the viewport's
            d.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", v.width, "height", v.height,
                    "deviceScaleFactor", 1, "mobile", false));
        }
        return new Browser(d, service, profile, v);
    }

    void go(String url) {
        driver.get(url);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Waits (polling the page, no sleeps) until {@code until} gives a non-null, non-false value. */
    <T> T await(String what, Function<WebDriver, T> until) {
        return new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(100)).withMessage(what).until(until);
    }

    WebElement find(String css) {
        return await("element " + css, d -> {
            List<WebElement> e = d.findElements(By.cssSelector(css));
            return e.isEmpty() || !e.get(0).isDisplayed() ? null : e.get(0);
        });
    }

    /** Page width overflow: scrollWidth minus innerWidth (0 or less: no horizontal page scroll). */
    long overflow() {
        return ((Number) js("return document.scrollingElement.scrollWidth - window.innerWidth;")).longValue();
    }

    long innerWidth() {
        return ((Number) js("return window.innerWidth;")).longValue();
    }

    /** Saves a PNG of the viewport to {@code file} (for the README and for looking at a failure). */
    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        File f = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (var walk = Files.walk(profile)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp profile left behind is harmless
            }
        }
    }
}
