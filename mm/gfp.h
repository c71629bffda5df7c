/*
 * Allocation flags (Linux's <linux/gfp.h>), reduced to what keel uses.
 */
#ifndef KEEL_MM_GFP_H
#define KEEL_MM_GFP_H

typedef unsigned int gfp_t;

#define __GFP_ZERO   0x1u /* return zeroed memory */
#define __GFP_HIGH   0x2u /* may dip below the min watermark (to min/2) */
#define __GFP_NOWARN 0x4u /* failure is expected: do not log it */

#define GFP_KERNEL   0u
#define GFP_ATOMIC   __GFP_HIGH

#endif
