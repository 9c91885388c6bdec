/* CO-RE about types and enumerators rather than fields: type ids (local
 * and target), type existence, size and match, enumerator existence and
 * value; the test knows each answer from the object's BTF or the kernel's.
 *
 * The local enum pid_type gives its enumerators other values than the
 * kernel's (PIDTYPE_PGID is 2 there), so the value must come from the
 * kernel. pid_type___missing is a flavour of the same enum with an
 * enumerator the kernel lacks: its value cannot be relocated, so that
 * instruction is poisoned, and enum_value_exists keeps it unreachable.
 *
 * type_matches is a record of kind 12 (BPF_CORE_TYPE_MATCHES), which only
 * clang 15 and later write (its builtin flag 2). With an older clang the
 * program writes type_exists (kind 8) for the same types, which compiles
 * to the same instruction (r = 1, the local answer of both), and the build
 * rewrites those records to kind 12: the records of types whose name ends
 * in "___matches" (tests/progs/core_retag.c; tests/progs/flags.mk). */
#include "core_test.h"

#if __clang_major__ >= 15
#define type_matches(T) __builtin_preserve_type_info(*(T *)0, 2)
#else
#define type_matches(T) type_exists(T) /* retagged to kind 12 after the build */
#endif

enum pid_type { PIDTYPE_PID = 10, PIDTYPE_TGID = 11, PIDTYPE_PGID = 12 };
enum pid_type___missing { PIDTYPE_RAWBPF_NONE = 5 };

struct task_struct {
	int pid;
} __attribute__((preserve_access_index));

/* The kernel's struct list_head exactly: it matches. */
struct list_head___matches {
	struct list_head___matches *next, *prev;
} __attribute__((preserve_access_index));

/* struct callback_head with an int where the kernel has a pointer: it has
 * the name, and a member of that name, but does not match. */
struct callback_head___matches {
	int next;
} __attribute__((preserve_access_index));

struct rawbpf_no_such_type {
	int x;
} __attribute__((preserve_access_index));

enum {
	K_ID_LOCAL, K_ID_TARGET, K_EXISTS, K_NOT_EXISTS, K_SIZE, K_MATCHES, K_NOT_MATCHES,
	K_ENUM_EXISTS, K_ENUM_NOT_EXISTS, K_ENUM_VALUE, K_ENUM_GUARDED, K_ENUM_SIZE,
};

SEC("tracepoint/syscalls/sys_enter_getppid")
int types(void *ctx)
{
	if (!current_is_rbdriver())
		return 0;
	store(K_ID_LOCAL, type_id_local(struct task_struct));
	store(K_ID_TARGET, type_id_target(struct task_struct));
	store(K_EXISTS, type_exists(struct task_struct));
	store(K_NOT_EXISTS, type_exists(struct rawbpf_no_such_type));
	store(K_SIZE, type_size(struct task_struct));
	store(K_MATCHES, type_matches(struct list_head___matches));
	store(K_NOT_MATCHES, type_matches(struct callback_head___matches));
	store(K_ENUM_EXISTS, enum_value_exists(enum pid_type, PIDTYPE_TGID));
	store(K_ENUM_NOT_EXISTS, enum_value_exists(enum pid_type___missing, PIDTYPE_RAWBPF_NONE));
	store(K_ENUM_VALUE, enum_value(enum pid_type, PIDTYPE_PGID));
	if (enum_value_exists(enum pid_type___missing, PIDTYPE_RAWBPF_NONE))
		store(K_ENUM_GUARDED, enum_value(enum pid_type___missing, PIDTYPE_RAWBPF_NONE));
	else
		store(K_ENUM_GUARDED, 77);
	store(K_ENUM_SIZE, type_size(enum pid_type));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
