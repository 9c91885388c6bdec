/* open_raw_sock() of the kernel samples' sock_example.h: a packet socket
 * that receives every frame (ETH_P_ALL) of one interface, in and out, to
 * which a socket filter program is attached with SO_ATTACH_BPF. */
#ifndef RAWBPF_COMPAT_SOCK_EXAMPLE_H
#define RAWBPF_COMPAT_SOCK_EXAMPLE_H

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* An fd, or -1 with errno set (the message printed, as the samples did). */
static inline int open_raw_sock(const char *name)
{
	struct sockaddr_ll sll;
	int sock = socket(PF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ALL));

	if (sock < 0) {
		perror("socket(PF_PACKET)");
		return -1;
	}
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = (int)if_nametoindex(name);
	sll.sll_protocol = htons(ETH_P_ALL);
	if (sll.sll_ifindex == 0 || bind(sock, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		fprintf(stderr, "bind to %s: %s\n", name, strerror(errno));
		close(sock);
		return -1;
	}
	return sock;
}

#endif
