package forms

// The supervisor's sample of completed cases to call back (issue 18: "the
// supervisor may also switch on follow-ups for a sample of completed cases
// of chosen services").

import "slices"

// FollowUpSampleMax is the largest N of "one in N".
const FollowUpSampleMax = 1000

// FollowUpSample is which completed cases get a follow-up call: of the
// services Services, one in Every. The choice is deterministic, so a clerk
// cannot steer it and the month's numbers can be checked: the station's
// k-th completed case of a service (counting every completed case of that
// service at the station, in the order they were completed) is sampled
// when k is a multiple of Every. Every 0 switches sampling off; Every 1
// calls every completed case of those services.
type FollowUpSample struct {
	Services []string `json:"services"` // service codes
	Every    int      `json:"every"`    // N of "one in N"; 0 = off
}

// On reports whether sampling is switched on.
func (s FollowUpSample) On() bool { return s.Every > 0 && len(s.Services) > 0 }

// Validate checks the sample as the supervisor set it: Every from 0 (off)
// to FollowUpSampleMax; when on, at least one service, each code given
// once. known reports whether a service code is in the catalogue. Each
// refusal is an EINVALID error naming the fix. Codes are sorted in place.
func (s *FollowUpSample) Validate(known func(code string) bool) error {
	if s.Every < 0 || s.Every > FollowUpSampleMax {
		return Errorf(EINVALID, "抽样比例“每%d件抽1件”无效：请填写1到%d之间的整数，填0表示不抽样", s.Every, FollowUpSampleMax)
	}
	if s.Every > 0 && len(s.Services) == 0 {
		return Errorf(EINVALID, "请选择要抽样回访的业务，或把抽样比例设为0（不抽样）")
	}
	slices.Sort(s.Services)
	for i, code := range s.Services {
		if i > 0 && s.Services[i-1] == code {
			return Errorf(EINVALID, "抽样回访的业务“%s”选了两次：每项业务只选一次", code)
		}
		if known != nil && !known(code) {
			return Errorf(EINVALID, "业务“%s”不在业务目录中：请从目录中选择要抽样回访的业务", code)
		}
	}
	return nil
}

// Picks reports whether the k-th completed case (k from 1) of the service
// is sampled.
func (s FollowUpSample) Picks(serviceCode string, k int) bool {
	return s.On() && k > 0 && k%s.Every == 0 && slices.Contains(s.Services, serviceCode)
}
