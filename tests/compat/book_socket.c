/* The logic of the chapter 6 packet-filtering loader of "Linux
 * Observability with BPF" (code/chapter-6/packet-filtering-raw-sockets/
 * loader.c), written anew for rawbpf's tests: load a socket filter and its
 * legacy `maps` section with load_bpf_file(), attach prog_fd[0] to a raw
 * socket on lo (sock_example.h's open_raw_sock, SO_ATTACH_BPF), and print
 * map_fd[0]'s count of TCP, UDP and ICMP packets, here every 20 ms when it
 * changed, for SECONDS seconds (the book's: once a second, ten times).
 * Like the book it defines bpf_log_buf itself. */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/bpf_load.h>
#include <bpf/sock_example.h>

char bpf_log_buf[BPF_LOG_BUF_SIZE];

static int count(int key)
{
	int value = -1;

	if (bpf_map_lookup_elem(map_fd[0], &key, &value) != 0)
		printf("lookup %d: %s\n", key, strerror(errno));
	return value;
}

int main(int argc, char **argv)
{
	int sock, last[3] = { -1, -1, -1 };
	long rounds;

	if (argc != 3) {
		fprintf(stderr, "usage: %s OBJ SECONDS\n", argv[0]);
		return 2;
	}
	if (load_bpf_file(argv[1])) {
		printf("%s", bpf_log_buf);
		return 1;
	}
	sock = open_raw_sock("lo");
	if (sock < 0 || setsockopt(sock, SOL_SOCKET, SO_ATTACH_BPF, prog_fd, sizeof(prog_fd[0]))) {
		printf("setsockopt: %s\n", strerror(errno));
		return 1;
	}
	printf("attached to lo\n");
	fflush(stdout);
	for (rounds = atol(argv[2]) * 50; rounds > 0; rounds--) {
		int now[3] = { count(IPPROTO_TCP), count(IPPROTO_UDP), count(IPPROTO_ICMP) };

		if (memcmp(now, last, sizeof(now)) != 0) {
			printf("TCP %d UDP %d ICMP %d packets\n", now[0], now[1], now[2]);
			fflush(stdout);
			memcpy(last, now, sizeof(now));
		}
		nanosleep(&(struct timespec){ .tv_nsec = 20 * 1000 * 1000 }, NULL);
	}
	close(sock);
	return 0;
}
