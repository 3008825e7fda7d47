# SPDX-License-Identifier: GPL-2.0
#
# ipv4alt: build, check and test. `make help` lists the targets.

IPV4ALT_CACHE ?= $(HOME)/.cache/ipv4alt
export IPV4ALT_CACHE

# The running kernel if its headers are installed, else the newest Debian 6.1.
KDIR ?= $(shell scripts/kdir)

.PHONY: all module modules-all check kunit selftests test demo clean help deps

all: module

deps:
	@scripts/install-deps

module: deps
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

modules-all: deps
	@scripts/build-all

check: deps
	@scripts/check

kunit: deps
	@scripts/kunit

selftests: modules-all
	@scripts/selftests/run-all

test: deps
	@scripts/test-all

demo: modules-all
	@scripts/demo

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean

help:
	@echo "make              build module/ipv4alt.ko for KDIR ($(KDIR))"
	@echo "make modules-all  build for every installed Debian kernel (6.1, 6.12)"
	@echo "make check        checkpatch --strict, sparse C=2 and W=1"
	@echo "make kunit        KUnit suites under UML (linux-source-6.1)"
	@echo "make selftests    netns scenarios in 6.1 and 6.12 VMs"
	@echo "make test         all of the above, as CI runs it"
	@echo "make demo         boot a VM and show traffic through ipv4alt"
	@echo "caches: $(IPV4ALT_CACHE)"
