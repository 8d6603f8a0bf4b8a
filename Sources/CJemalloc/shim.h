// jemalloc replaces malloc for the nianbao executable: batch work is millions of small
// allocations on several threads, where it is about a tenth faster than glibc's allocator.
#include <jemalloc/jemalloc.h>
