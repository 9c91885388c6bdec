/* A kfunc of a module: bpf_skb_set_fou_encap(), which the fou module
 * (CONFIG_NET_FOU=m, Linux 6.5+) registers for tc programs. Its BTF id is
 * in the module's BTF, so the call's off names the module's BTF fd in
 * BPF_PROG_LOAD's fd_array (relocate/externs.c). The program only needs
 * to load: a tc program is not attached by `run`. Where the module is not
 * loaded, or predates the kfunc, the strong extern is refused by name. */
#include <linux/bpf.h> /* struct __sk_buff */
#include <bpf/bpf_helpers.h>

struct bpf_fou_encap {
	__u16 sport;
	__u16 dport;
};

extern int bpf_skb_set_fou_encap(struct __sk_buff *skb, struct bpf_fou_encap *encap,
				 int type) __ksym;

SEC("tc")
int fou_encap(struct __sk_buff *skb)
{
	struct bpf_fou_encap encap = { .sport = 1, .dport = 2 };

	return bpf_skb_set_fou_encap(skb, &encap, 0 /* FOU_BPF_ENCAP_FOU */) ? 1 : 0;
}

char LICENSE[] SEC("license") = "GPL";
