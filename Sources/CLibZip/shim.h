#ifndef NIANBAO_CLIBZIP_SHIM_H
#define NIANBAO_CLIBZIP_SHIM_H
#include <zip.h>
#endif
