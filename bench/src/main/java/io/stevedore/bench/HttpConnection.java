package io.stevedore.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client over one persistent loopback connection (keep-alive), so that the benchmark measures
 * the server rather than a client library: requests with a JSON body, responses with Content-Length or chunked
 * bodies, and line-by-line reading of a chunked stream (a watch). Not thread-safe: one per thread.
 */
final class HttpConnection implements Closeable {

    private static final int TIMEOUT_MILLIS = 60_000;
    private static final int MAX_LINE = 64 * 1024;

    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    HttpConnection(int port) {
        this.port = port;
    }

    /** A response: status code and body. */
    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Sends a request and reads the whole response. {@code body} may be null. */
    Response request(String method, String path, byte[] body) throws IOException {
        try {
            send(method, path, body);
            Head head = readHead();
            byte[] content = head.chunked ? readChunkedBody() : readFixed(head.contentLength);
            if (head.close) {
                close();
            }
            return new Response(head.status, content);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Sends a GET whose response is a chunked stream and returns its status; then {@link #nextLine()} reads it.
     * The connection serves nothing else afterwards.
     */
    int openStream(String path) throws IOException {
        send("GET", path, null);
        Head head = readHead();
        if (!head.chunked) {
            throw new IOException("expected a chunked stream, got status " + head.status);
        }
        chunkLeft = 0;
        return head.status;
    }

    private long chunkLeft;

    /** The next line of a stream opened by {@link #openStream}, without its newline; null at the end. */
    String nextLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        while (line.size() < MAX_LINE) {
            if (chunkLeft == 0) {
                String size = readLine();
                int semi = size.indexOf(';');
                chunkLeft = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (chunkLeft == 0) {
                    readLine(); // the empty line after the last chunk (no trailers expected)
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException("stream ended inside a chunk");
            }
            if (--chunkLeft == 0) {
                readLine(); // CRLF after the chunk data
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        throw new IOException("line longer than " + MAX_LINE + " bytes");
    }

    private void send(String method, String path, byte[] body) throws IOException {
        if (socket == null) {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }
        StringBuilder h = new StringBuilder(200);
        h.append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Accept: application/json\r\n");
        if (body != null) {
            h.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        h.append("\r\n");
        byte[] head = h.toString().getBytes(StandardCharsets.US_ASCII);
        if (body == null) {
            out.write(head);
        } else {
            byte[] all = new byte[head.length + body.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(body, 0, all, head.length, body.length);
            out.write(all);
        }
        out.flush();
    }

    private record Head(int status, boolean chunked, long contentLength, boolean close) {
    }

    private Head readHead() throws IOException {
        String statusLine = readLine();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("bad status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        boolean chunked = false;
        boolean close = false;
        long length = -1;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "content-length" -> length = Long.parseLong(value);
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        return new Head(status, chunked, chunked ? -1 : Math.max(length, 0), close);
    }

    private byte[] readChunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(2048);
        while (true) {
            String size = readLine();
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
                    // ignore trailers
                }
                return body.toByteArray();
            }
            body.write(readFixed(n));
            readLine();
        }
    }

    private byte[] readFixed(long n) throws IOException {
        byte[] b = in.readNBytes((int) n);
        if (b.length < n) {
            throw new EOFException("body ended after " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    private String readLine() throws IOException {
        StringBuilder s = new StringBuilder(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            if (s.length() >= MAX_LINE) {
                throw new IOException("header line too long");
            }
            if (b != '\r') {
                s.append((char) b);
            }
        }
        return s.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            socket = null;
        }
    }
}
