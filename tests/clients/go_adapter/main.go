// raconform client-check adapter for the AWS SDK for Go v1 (json-2017),
// built offline from Debian's golang-github-aws-aws-sdk-go-dev:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o go_adapter .
//
// Environment in (SPEC §5), one line out on stdout: "ok", or the first line
// of the SDK's error string ("RequestError: This operation ..."), which is
// what a caller of the SDK sees by default. Default session settings: the
// SDK's own retryer (DefaultRetryerMaxNumRetries = 3, so 4 attempts).
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/credentials"
	"github.com/aws/aws-sdk-go/aws/session"
	"github.com/aws/aws-sdk-go/service/mturk"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "--version" {
		fmt.Printf("aws-sdk-go %s\n", aws.SDKVersion)
		return
	}
	if p := os.Getenv("RACONFORM_PROFILE"); p != "json-2017" {
		fmt.Printf("error Unsupported profile %s\n", p)
		return
	}
	sess := session.Must(session.NewSession(&aws.Config{
		Region:   aws.String("us-east-1"),
		Endpoint: aws.String(os.Getenv("RACONFORM_ENDPOINT")),
		Credentials: credentials.NewStaticCredentials(
			os.Getenv("RACONFORM_ACCESS_KEY_ID"),
			os.Getenv("RACONFORM_SECRET_ACCESS_KEY"), ""),
	}))
	_, err := mturk.New(sess).RejectAssignment(&mturk.RejectAssignmentInput{
		AssignmentId:      aws.String(os.Getenv("RACONFORM_ASSIGNMENT_ID")),
		RequesterFeedback: aws.String(os.Getenv("RACONFORM_FEEDBACK")),
	})
	if err != nil {
		fmt.Println(strings.SplitN(err.Error(), "\n", 2)[0])
		return
	}
	fmt.Println("ok")
}
