# SPDX-License-Identifier: GPL-2.0
#
# ipv4alt: build, check and test. `make help` lists the targets.

IPV4ALT_CACHE ?= $(HOME)/.cache/ipv4alt
export IPV4ALT_CACHE

# The kernel to build and install for: KVER=<release> or KDIR=<build dir>.
# Default: the running kernel if its headers are installed, else the newest
# Debian 6.1 (scripts/kdir); the dkms targets default to the running kernel.
ipv4alt-kernel := $(if $(KVER),--kver $(KVER),$(if $(filter-out undefined,$(origin KDIR)),--kdir $(KDIR)))
ifneq ($(KVER),)
KDIR ?= /lib/modules/$(KVER)/build
endif
KDIR ?= $(shell scripts/kdir)

.PHONY: all module modules-all check kunit selftests selftests-debug test demo
.PHONY: clean help deps
.PHONY: install uninstall dkms-install dkms-uninstall
.PHONY: bench peer-selftests

all: module

deps:
	@scripts/install-deps

# Building needs only the kernel headers, and no root: no deps here (nor in
# install, which builds through this). The test targets run install-deps.
module:
	@test -d $(KDIR) || { echo "no kernel headers at $(KDIR): install linux-headers-<kver>, or say KDIR= or KVER=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

modules-all: deps
	@scripts/build-all

check: deps
	@scripts/check

kunit: deps
	@scripts/kunit

selftests: modules-all
	@scripts/selftests/run-all

# The whole suite on the debug kernel (about an hour under TCG); make test
# runs part of it.
selftests-debug: deps
	@scripts/debug-kernel --skip-deps
	@scripts/selftests/run-all --kernels debug

test: deps
	@scripts/test-all

demo: modules-all
	@scripts/demo

# Linux's net selftests, stock against ipv4alt (hours under TCG); make test
# runs a subset of the ipv4alt side. PEER_REPEAT=N runs each side N times
# and fails only on subtests that fail in every ipv4alt run.
PEER_REPEAT ?= 1
peer-selftests: modules-all
	@scripts/peer/run --parallel --repeat $(PEER_REPEAT)

# Not part of test: it measures, against the stock path (Documentation/perf.rst).
bench: deps
	@scripts/bench/run

install: module
	@scripts/module-install install --kdir $(KDIR)

uninstall:
	@scripts/module-install uninstall $(ipv4alt-kernel)

dkms-install: deps
	@scripts/module-install dkms-install $(ipv4alt-kernel)

dkms-uninstall:
	@scripts/module-install dkms-uninstall $(ipv4alt-kernel)

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean

help:
	@echo "make              build module/ipv4alt.ko for KDIR ($(KDIR)); headers only, any user"
	@echo "make modules-all  build for every installed Debian kernel (6.1, 6.12)"
	@echo "make check        shellcheck, checkpatch --strict, sparse C=2 and W=1"
	@echo "make kunit        KUnit suites under UML (linux-source-6.1)"
	@echo "make selftests    netns scenarios in 6.1 and 6.12 VMs"
	@echo "make selftests-debug  all of them on the debug kernel (KASAN, lockdep, kmemleak)"
	@echo "make test         all of the above, as CI runs it"
	@echo "make peer-selftests  Linux's net selftests, stock against ipv4alt, in 6.12 VMs"
	@echo "make demo         boot a VM and show traffic through ipv4alt"
	@echo "make bench        ipv4alt against stock IPv4 in a 6.12 VM: ratio table, JSON, PNG"
	@echo "make install      install it in /lib/modules/<kver>/updates, depmod (KVER=/KDIR=)"
	@echo "make uninstall    remove what make install installed"
	@echo "make dkms-install dkms add/build/install for the running kernel or KVER="
	@echo "make dkms-uninstall  dkms remove (every kernel, or KVER=)"
	@echo "caches: $(IPV4ALT_CACHE)"
