package io.shaozi.bench.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop HTTP/1.1 load generator over keep-alive sockets: C connections, each sending the next request
 * as soon as the previous answer arrived, for a fixed time after a warm-up. Prints requests/s and latency
 * percentiles. Loopback only; bounded in time; stops by itself.
 *
 * <pre>java -cp benchmarks.jar io.shaozi.bench.load.LoadGen URL [GET|GENERIC] CONNECTIONS WARMUP_S DURATION_S</pre>
 * GENERIC posts {@code {"user","text","msgId"}} with a fresh msgId per request to /webhook/generic.
 * WECHAT_PLAIN / WECHAT_SAFE post signed (and in safe mode encrypted) WeChat text deliveries to
 * /wechat/{account} with a fresh MsgId and user each; the text is the 6th argument ("帮助" or a new request).
 * OPEN posts to /webhook/generic, each request from a new resident with a report that opens a ticket at once
 * (the chaos check's texts); a 6th argument is the generic channel's HMAC secret (empty = unsigned).
 */
public final class LoadGen {
    /** The WeChat bench account: bench/wechat-bench.yaml configures the same token, key and appId. */
    static final String WX_TOKEN = "benchToken";
    static final String WX_AES = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String WX_APPID = "wxbench0000000001";
    private static final io.shaozi.adapters.crypto.MsgCrypt CRYPT =
            new io.shaozi.adapters.crypto.MsgCrypt(WX_TOKEN, WX_AES, WX_APPID);
    private static volatile String text = "帮助";
    /** Distinguishes the residents of one OPEN run from those of earlier runs against the same database. */
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    private LoadGen() {
    }

    public static void main(String[] args) throws Exception {
        java.net.URI uri = java.net.URI.create(args[0]);
        String mode = args.length > 1 ? args[1] : "GET";
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int duration = args.length > 4 ? Integer.parseInt(args[4]) : 15;
        text = args.length > 5 ? args[5] : (mode.equals("OPEN") ? "" : "帮助");
        if (!uri.getHost().equals("127.0.0.1") && !uri.getHost().equals("localhost")) {
            throw new IllegalArgumentException("loopback targets only");
        }
        Result r = run(uri, mode, connections, warmup, duration);
        System.out.printf(Locale.ROOT, "%s%s %s c=%d: %.0f req/s, p50=%.2f ms, p99=%.2f ms, errors=%d, n=%d%n",
                mode, mode.startsWith("WECHAT") ? "(" + text + ")" : "", uri, connections, r.rps, r.p50Millis, r.p99Millis, r.errors, r.count);
    }

    /** Measured figures. */
    public record Result(double rps, double p50Millis, double p99Millis, long errors, long count) {
    }

    public static Result run(java.net.URI uri, String mode, int connections, int warmupSeconds, int seconds)
            throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmupSeconds * 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        AtomicLong seq = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int[] counts = new int[connections];
        for (int i = 0; i < connections; i++) {
            long[] lat = new long[4_000_000];
            perThread.add(lat);
            int idx = i;
            Thread t = new Thread(() -> {
                int n = 0;
                while (System.nanoTime() < end) {
                    try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
                        s.setTcpNoDelay(true);
                        s.setSoTimeout(10_000);
                        OutputStream out = s.getOutputStream();
                        InputStream in = new BufferedInputStream(s.getInputStream(), 65536);
                        while (System.nanoTime() < end) {
                            byte[] req = request(uri, mode, seq.incrementAndGet());
                            long t0 = System.nanoTime();
                            out.write(req);
                            out.flush();
                            int status = readResponse(in);
                            long t1 = System.nanoTime();
                            if (status != 200) {
                                errors.incrementAndGet();
                            }
                            if (t0 >= measureFrom && n < lat.length) {
                                lat[n++] = t1 - t0;
                            }
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    }
                }
                counts[idx] = n;
            }, "load-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int k = 0;
        for (int i = 0; i < connections; i++) {
            System.arraycopy(perThread.get(i), 0, all, k, counts[i]);
            k += counts[i];
        }
        Arrays.sort(all);
        double p50 = total == 0 ? 0 : all[(int) (total * 0.50)] / 1e6;
        double p99 = total == 0 ? 0 : all[Math.min(total - 1, (int) (total * 0.99))] / 1e6;
        return new Result(total / (double) seconds, p50, p99, errors.get(), total);
    }

    private static final String NAME_CHARS = "安宁康乐和平华兴福瑞祥泰盛嘉明春秋丰德鑫金银翠绿青云松竹梅兰桂荷杏桃柳枫槐";

    /**
     * A report the dialog files at once (a clinic selling expired medicine: 卫生计生, no photo offer) at a place
     * of its own: five pseudo-random characters + 小区, so that the near-duplicate check rarely merges reports.
     */
    static String openText(long n) {
        StringBuilder place = new StringBuilder();
        long x = n * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        for (int i = 0; i < 5; i++) {
            x ^= x >>> 29;
            x *= 0xBF58476D1CE4E5B9L;
            place.append(NAME_CHARS.charAt((int) Long.remainderUnsigned(x, NAME_CHARS.length())));
        }
        return place + "小区门口的诊所卖过期药";
    }

    static byte[] request(java.net.URI uri, String mode, long n) {
        String host = uri.getHost() + ":" + uri.getPort();
        if (mode.startsWith("WECHAT")) {
            long ts = System.currentTimeMillis() / 1000;
            String nonce = "n" + n;
            String user = "oBench" + n;
            String xml = "<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[" + user
                    + "]]></FromUserName><CreateTime>" + ts + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                    + "<Content><![CDATA[" + text + "]]></Content><MsgId>" + (System.nanoTime() + n) + "</MsgId></xml>";
            String query = "?signature=" + io.shaozi.adapters.crypto.MsgCrypt.sha1Sorted(WX_TOKEN, Long.toString(ts), nonce)
                    + "&timestamp=" + ts + "&nonce=" + nonce + "&openid=" + user;
            String body = xml;
            if (mode.equals("WECHAT_SAFE")) {
                io.shaozi.adapters.crypto.Sealed sealed = CRYPT.encrypt(xml, nonce, ts);
                body = "<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><Encrypt><![CDATA[" + sealed.encrypt()
                        + "]]></Encrypt></xml>";
                query += "&encrypt_type=aes&msg_signature=" + sealed.msgSignature();
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + uri.getRawPath() + query + " HTTP/1.1\r\nHost: " + host
                    + "\r\nContent-Type: text/xml\r\nContent-Length: " + b.length + "\r\n\r\n";
            byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = Arrays.copyOf(h, h.length + b.length);
            System.arraycopy(b, 0, all, h.length, b.length);
            return all;
        }
        if ("GENERIC".equals(mode) || "OPEN".equals(mode)) {
            boolean open = "OPEN".equals(mode);
            String body = "{\"user\":\"load-" + (open ? RUN + "-" + n : Long.toString(n % 1000)) + "\",\"text\":\""
                    + (open ? openText(n) : "帮助") + "\",\"msgId\":\"lg-" + System.nanoTime()
                    + "-" + n + "\"}";
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            String signature = open && !text.isEmpty()
                    ? "X-Shaozi-Signature: sha256=" + io.shaozi.adapters.generic.GenericChannel.hmacHex(text, b) + "\r\n" : "";
            String head = "POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + host
                    + "\r\nContent-Type: application/json\r\n" + signature + "Content-Length: " + b.length + "\r\n\r\n";
            byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = Arrays.copyOf(h, h.length + b.length);
            System.arraycopy(b, 0, all, h.length, b.length);
            return all;
        }
        return ("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads one response (status line, headers, Content-Length body); returns the status code. */
    static int readResponse(InputStream in) throws IOException {
        String status = line(in);
        int code = Integer.parseInt(status.substring(9, 12));
        int length = 0;
        String h;
        while (!(h = line(in)).isEmpty()) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).equalsIgnoreCase("content-length")) {
                length = Integer.parseInt(h.substring(colon + 1).trim());
            }
        }
        long skipped = in.readNBytes(length).length;
        if (skipped != length) {
            throw new IOException("short body");
        }
        return code;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        if (c == -1 && sb.length() == 0) {
            throw new IOException("connection closed");
        }
        return sb.toString();
    }
}
