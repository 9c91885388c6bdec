/* rbnet: the networking tests' traffic source. It makes an exact amount of
 * traffic on 127.0.0.1 and says how much of it got through, so a test can
 * compare what a BPF program counted, dropped or passed with what was sent:
 *   rbnet udp N    N datagrams to its own UDP socket, each waited for:
 *                  "rbnet udp: sent N, received N"
 *   rbnet tcp N    N connections to its own listening socket; each sends
 *                  "rbnet" and reads it echoed back:
 *                  "rbnet tcp: N tried, N connected, N echoed"
 *   rbnet ping N   N ICMP echo requests (a raw socket), each waited for:
 *                  "rbnet ping: sent N, received N"
 *   rbnet http N   N HTTP requests, one connection each, to its own server,
 *                  which answers every one "HTTP/1.1 200 OK" with body "ok":
 *                  "rbnet http: N requests, N answered 200 OK"
 * Options (any mode): --timeout MS (default 1000), how long to wait for
 * each step (a connect, a reply); --port P, the server's port (defaults:
 * udp 7777, tcp 7778, http 8080; ping has none).
 * Exit status: 0 only when all N got through, 1 otherwise (the first
 * failure of each step is explained on stderr), 2 for a usage error.
 *
 * Never hangs: every socket is non-blocking, and every wait is a poll(2)
 * with what is left of a deadline. It needs no threads: the server is the
 * same process, and it works in turns (connect, send, accept, echo, read),
 * which loopback allows because the kernel completes a TCP handshake into
 * the listen backlog without waiting for accept(2) (tcp_v4_syn_recv_sock
 * and inet_csk_reqsk_queue_add, net/ipv4/). So the tests see one process,
 * in one network namespace and one cgroup, as the BPF programs do.
 *
 * Run it only inside a network namespace of the tests' own (netns.h in
 * tests/kernel/kernel/; the VM's init makes one per case): it sends to
 * 127.0.0.1 and nowhere else. Built static with musl for the VM. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int timeout_ms = 1000;

/* Milliseconds on CLOCK_MONOTONIC (never jumps with the wall clock). */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for `events` on fd until `deadline` (now_ms() time); 1 when ready
 * (POLLERR/POLLHUP count: the next call on fd says what happened), 0 on
 * the deadline, -1 on error. */
static int wait_fd(int fd, short events, long long deadline)
{
	for (;;) {
		struct pollfd p = { fd, events, 0 };
		long long left = deadline - now_ms();
		int n = poll(&p, 1, left > 0 ? (int)left : 0);

		if (n < 0 && errno == EINTR)
			continue;
		return n < 0 ? -1 : n > 0;
	}
}

/* Say why step `what` of try `i` failed, only for the first failure of
 * that step (*said), so that a run of 1000 refused connections prints one
 * line, not 1000. err 0 means the deadline passed. */
static void why(int *said, const char *mode, int i, const char *what, int err)
{
	if (*said)
		return;
	*said = 1;
	if (err)
		fprintf(stderr, "rbnet %s: #%d: %s: %s\n", mode, i, what, strerror(err));
	else
		fprintf(stderr, "rbnet %s: #%d: %s: no answer within %d ms\n", mode, i, what,
			timeout_ms);
}

static struct sockaddr_in loopback(int port)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

/* A socket of `type` bound to 127.0.0.1:port (listening, for TCP);
 * -1 with the reason printed. SO_REUSEADDR: a port left in TIME_WAIT by an
 * earlier run in the same namespace can be bound again at once. */
static int server_socket(const char *mode, int type, int port)
{
	struct sockaddr_in a = loopback(port);
	int one = 1, fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		fprintf(stderr, "rbnet %s: socket: %s\n", mode, strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    (type == SOCK_STREAM && listen(fd, 64) != 0)) {
		fprintf(stderr, "rbnet %s: bind or listen on 127.0.0.1:%d: %s\n", mode, port,
			strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* ---- udp ---- */

static int run_udp(int n, int port)
{
	struct sockaddr_in to = loopback(port);
	int server = server_socket("udp", SOCK_DGRAM, port), client, sent = 0, received = 0;
	int said_send = 0, said_recv = 0;

	if (server < 0)
		return 1;
	client = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	for (int i = 0; i < n && client >= 0; i++) {
		char buf[64];

		if (sendto(client, "rbnet", 5, 0, (struct sockaddr *)&to, sizeof(to)) != 5) {
			why(&said_send, "udp", i, "sendto", errno);
			continue;
		}
		sent++;
		/* One at a time: N datagrams sent at once could overflow the
		 * receive buffer (net.core.rmem_default) and look like drops. */
		if (wait_fd(server, POLLIN, now_ms() + timeout_ms) == 1 &&
		    recv(server, buf, sizeof(buf), 0) >= 0)
			received++;
		else
			why(&said_recv, "udp", i, "receive", 0);
	}
	printf("rbnet udp: sent %d, received %d\n", sent, received);
	if (client >= 0)
		close(client);
	close(server);
	return received == n ? 0 : 1;
}

/* ---- tcp and http: a connection in turns ---- */

/* The failures of each step, for why(). */
struct said {
	int connect, send, accept, serve, reply;
};

/* A non-blocking connect to 127.0.0.1:port, completed within the
 * deadline; the fd, or -1 (reason printed once). */
static int connect_by(const char *mode, int i, int port, long long deadline, struct said *said)
{
	struct sockaddr_in a = loopback(port);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), err = 0;
	socklen_t len = sizeof(err);

	if (fd < 0) {
		why(&said->connect, mode, i, "socket", errno);
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0)
		return fd;
	if (errno != EINPROGRESS) {
		why(&said->connect, mode, i, "connect", errno);
		close(fd);
		return -1;
	}
	/* writable once the handshake ends; SO_ERROR says how it ended */
	if (wait_fd(fd, POLLOUT, deadline) != 1 ||
	    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err) {
		why(&said->connect, mode, i, "connect", err);
		close(fd);
		return -1;
	}
	return fd;
}

/* Read into buf until `done` says it is complete, EOF, or the deadline:
 * the bytes read, or -1. */
static ssize_t read_until(int fd, char *buf, size_t size, long long deadline,
			  int (*done)(const char *buf, size_t len))
{
	size_t len = 0;

	while (len < size - 1 && !(done && done(buf, len))) {
		ssize_t got;

		if (wait_fd(fd, POLLIN, deadline) != 1)
			return -1;
		got = recv(fd, buf + len, size - 1 - len, 0);
		if (got < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (got <= 0)
			break;
		len += (size_t)got;
		buf[len] = '\0';
	}
	buf[len] = '\0';
	return (ssize_t)len;
}

static int echo_done(const char *buf, size_t len)
{
	(void)buf;
	return len >= 5; /* "rbnet" */
}

/* The end of an HTTP request's head (RFC 9112 section 2.1). */
static int head_done(const char *buf, size_t len)
{
	return len >= 4 && strstr(buf, "\r\n\r\n") != NULL;
}

static const char http_request[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
static const char http_answer[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

/* One exchange: connect, send the request, the server accepts, reads it
 * and answers (an echo for tcp, the 200 for http) and closes, the client
 * reads the answer. 1 when the client got exactly what it must; *connected
 * is set once the handshake completed. */
static int exchange(const char *mode, int i, int server, int port, int http, int *connected,
		    struct said *said)
{
	const char *request = http ? http_request : "rbnet";
	const char *answer = http ? http_answer : "rbnet";
	long long deadline = now_ms() + timeout_ms;
	char buf[512];
	int client = connect_by(mode, i, port, deadline, said), conn = -1, ok = 0;
	ssize_t got;

	if (client < 0)
		return 0;
	*connected = 1;
	/* MSG_NOSIGNAL: a reset connection is an error here, not SIGPIPE */
	if (send(client, request, strlen(request), MSG_NOSIGNAL) != (ssize_t)strlen(request)) {
		why(&said->send, mode, i, "send", errno);
		goto out;
	}
	if (wait_fd(server, POLLIN, deadline) != 1 ||
	    (conn = accept4(server, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) < 0) {
		why(&said->accept, mode, i, "accept", conn < 0 && errno != EAGAIN ? errno : 0);
		goto out;
	}
	got = read_until(conn, buf, sizeof(buf), deadline, http ? head_done : echo_done);
	if (got < 0 || !(http ? head_done(buf, (size_t)got) : strcmp(buf, "rbnet") == 0)) {
		why(&said->serve, mode, i, "server read", got < 0 ? 0 : EPROTO);
		goto out;
	}
	if (send(conn, answer, strlen(answer), MSG_NOSIGNAL) != (ssize_t)strlen(answer)) {
		why(&said->serve, mode, i, "server send", errno);
		goto out;
	}
	/* the server closes: for http that ends the body (Connection: close) */
	close(conn);
	conn = -1;
	got = read_until(client, buf, sizeof(buf), deadline, http ? NULL : echo_done);
	ok = got >= 0 && strcmp(buf, answer) == 0;
	if (!ok)
		why(&said->reply, mode, i, http ? "read the answer" : "read the echo",
		    got < 0 ? 0 : EPROTO);
out:
	if (conn >= 0)
		close(conn);
	close(client);
	return ok;
}

static int run_stream(int n, int port, int http)
{
	const char *mode = http ? "http" : "tcp";
	int server = server_socket(mode, SOCK_STREAM, port), connected = 0, good = 0;
	struct said said = { 0 };

	if (server < 0)
		return 1;
	for (int i = 0; i < n; i++) {
		int c = 0;

		good += exchange(mode, i, server, port, http, &c, &said);
		connected += c;
	}
	if (http)
		printf("rbnet http: %d requests, %d answered 200 OK\n", n, good);
	else
		printf("rbnet tcp: %d tried, %d connected, %d echoed\n", n, connected, good);
	close(server);
	return good == n ? 0 : 1;
}

/* ---- ping ---- */

/* An ICMP echo header (RFC 792; struct icmphdr in
 * include/uapi/linux/icmp.h), declared here so glibc and musl agree. */
struct echo {
	uint8_t type, code; /* 8 request, 0 reply; code 0 */
	uint16_t checksum;
	uint16_t id, sequence;
};

/* The Internet checksum (RFC 1071): the one's complement of the one's
 * complement sum of 16-bit words. icmp_rcv() drops a request whose
 * checksum is wrong, so the kernel would not reply. */
static uint16_t checksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

/* Is this packet (IPv4 header then ICMP: a raw socket receives both) the
 * echo reply with our id and sequence? Read through bounds checks: the
 * header length comes from the packet. A raw ICMP socket also sees our own
 * requests coming in on lo (type 8), and anyone else's ICMP. */
static int is_our_reply(const uint8_t *pkt, size_t len, uint16_t id, uint16_t seq)
{
	size_t ihl;
	struct echo e;

	if (len < 20 || (pkt[0] >> 4) != 4)
		return 0;
	ihl = (size_t)(pkt[0] & 0x0f) * 4;
	if (ihl < 20 || len < ihl + sizeof(e))
		return 0;
	memcpy(&e, pkt + ihl, sizeof(e));
	return e.type == 0 && e.code == 0 && e.id == htons(id) && e.sequence == htons(seq);
}

static int run_ping(int n)
{
	struct sockaddr_in to = loopback(0);
	uint16_t id = (uint16_t)getpid();
	int fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP);
	int sent = 0, received = 0, said_send = 0, said_recv = 0;

	if (fd < 0) {
		/* a raw socket needs CAP_NET_RAW */
		fprintf(stderr, "rbnet ping: socket(SOCK_RAW, IPPROTO_ICMP): %s\n", strerror(errno));
		printf("rbnet ping: sent 0, received 0\n");
		return 1;
	}
	for (int i = 0; i < n; i++) {
		struct { struct echo h; char payload[8]; } req;
		long long deadline = now_ms() + timeout_ms;
		int got = 0;

		memset(&req, 0, sizeof(req));
		req.h.type = 8;
		req.h.id = htons(id);
		req.h.sequence = htons((uint16_t)i);
		memcpy(req.payload, "rbnet", 5);
		req.h.checksum = checksum(&req, sizeof(req));
		if (sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
			why(&said_send, "ping", i, "sendto", errno);
			continue;
		}
		sent++;
		/* read until our reply comes, skipping other ICMP */
		while (!got && wait_fd(fd, POLLIN, deadline) == 1) {
			uint8_t pkt[256];
			ssize_t len = recv(fd, pkt, sizeof(pkt), 0);

			if (len > 0)
				got = is_our_reply(pkt, (size_t)len, id, (uint16_t)i);
		}
		if (got)
			received++;
		else
			why(&said_recv, "ping", i, "echo reply", 0);
	}
	printf("rbnet ping: sent %d, received %d\n", sent, received);
	close(fd);
	return received == n ? 0 : 1;
}

static int usage(void)
{
	fprintf(stderr, "usage: rbnet udp|tcp|ping|http N [--timeout MS] [--port P]\n");
	return 2;
}

/* A whole decimal number in [min, max], or -1. */
static long number(const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	return errno || end == s || *end || v < min || v > max ? -1 : v;
}

int main(int argc, char **argv)
{
	const char *mode;
	long n, port = -1;

	/* stdout line-buffered: a test reading a pipe sees the line at once */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 3 || (n = number(argv[2], 1, 1000000)) < 0)
		return usage();
	mode = argv[1];
	for (int i = 3; i < argc; i += 2) {
		long v = i + 1 < argc ? number(argv[i + 1], 1, 65535) : -1;

		if (v < 0)
			return usage();
		if (strcmp(argv[i], "--timeout") == 0)
			timeout_ms = (int)v;
		else if (strcmp(argv[i], "--port") == 0)
			port = v;
		else
			return usage();
	}
	if (strcmp(mode, "udp") == 0)
		return run_udp((int)n, port > 0 ? (int)port : 7777);
	if (strcmp(mode, "tcp") == 0)
		return run_stream((int)n, port > 0 ? (int)port : 7778, 0);
	if (strcmp(mode, "http") == 0)
		return run_stream((int)n, port > 0 ? (int)port : 8080, 1);
	if (strcmp(mode, "ping") == 0 && port < 0)
		return run_ping((int)n);
	return usage();
}
